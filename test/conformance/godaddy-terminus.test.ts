import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { startDependency, type Dependency } from './support/dependency.js';
import { packageVersion, reportVersion, startProgram, waitUntil, type Started } from './support/process.js';
import { expectVerdict } from './support/verdict.js';

const FIXTURE = fileURLToPath(new URL('./fixtures/godaddy-terminus.mjs', import.meta.url));
let database: Dependency;
let app: Started;
let plain: string;
let verbatim: string;

beforeAll(async () => {
  reportVersion('@godaddy/terminus', packageVersion('@godaddy/terminus'));
  database = await startDependency();
  app = startProgram('@godaddy/terminus', process.execPath, [FIXTURE, String(database.port)]);
  const ports = await app.line(/^listening (\d+) (\d+)$/);
  plain = `http://127.0.0.1:${ports[1]}/health`;
  verbatim = `http://127.0.0.1:${ports[2]}/health`;
});
afterAll(async () => {
  await Promise.all([app.stop('SIGKILL'), database.program.stop('SIGKILL')]);
});

describe('@godaddy/terminus, default shape and verbatim: true', () => {
  it('healthy, default shape: ready', async () => {
    await expectVerdict([plain], { outcome: 'pass', format: 'terminus', says: ['READY: 1 of 1 component ready'] });
  });

  it('healthy, verbatim shape: ready, and its check keeps its name (--only db)', async () => {
    await expectVerdict([verbatim, '--only', 'db'], { outcome: 'pass', format: 'terminus', says: ['READY: 1 of 1 component ready'] });
  });

  it.each([
    ['default', () => plain],
    ['verbatim', () => verbatim],
  ])('its database stopped (%s shape): 503 error is not ready, with the check\'s message', async (_shape, target) => {
    if (database.program.running()) await database.program.stop();
    await expectVerdict([target()], { outcome: 'fail', format: 'terminus', says: ['NOT READY', 'db failed: connect ECONNREFUSED'] });
  });

  it('SIGTERM: while it drains, its 503 is not ready; liveness of /health stays process survival', async () => {
    process.kill(app.pid, 'SIGTERM');
    await waitUntil('terminus to start draining', async () => (await fetch(plain).then((r) => r.text(), () => '')) === '{"status":"error"}');
    // A bare {"status":"error"} fits terminus and health-json alike; either reads it as failing.
    await expectVerdict([plain], { outcome: 'fail', format: ['terminus', 'health-json'], says: ['NOT READY'] });
    await expectVerdict([plain], { outcome: 'pass', format: ['terminus', 'health-json'], says: ['ALIVE'] }, { probe: 'liveness' });
  });
});
