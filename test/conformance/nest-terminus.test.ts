import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { startDependency, type Dependency } from './support/dependency.js';
import { packageVersion, reportVersion, startProgram, waitUntil, type Started } from './support/process.js';
import { expectVerdict } from './support/verdict.js';

const FIXTURE = fileURLToPath(new URL('./fixtures/nest-terminus.cjs', import.meta.url));
let database: Dependency;
let app: Started;
let url: string;

beforeAll(async () => {
  reportVersion('@nestjs/terminus', `${packageVersion('@nestjs/terminus')} (@nestjs/core ${packageVersion('@nestjs/core')})`);
  database = await startDependency();
  app = startProgram('@nestjs/terminus', process.execPath, [FIXTURE, String(database.port)]);
  url = `http://127.0.0.1:${(await app.line(/^listening (\d+)$/))[1]}/health`;
});
afterAll(async () => {
  await Promise.all([app.stop('SIGKILL'), database.program.stop('SIGKILL')]);
});

describe('@nestjs/terminus: a Nest application with a database indicator', () => {
  it('the indicator up: ready', async () => {
    await expectVerdict([url], { outcome: 'pass', format: 'terminus', says: ['READY: 1 of 1 component ready'] });
  });

  it('its database stopped: the indicator down is not ready, with its message', async () => {
    await database.program.stop();
    await expectVerdict([url], { outcome: 'fail', format: 'terminus', says: ['NOT READY', 'database failed: connect ECONNREFUSED'] });
    await expectVerdict([url], { outcome: 'pass', format: 'terminus', says: ['ALIVE'] }, { probe: 'liveness' });
  });

  it('SIGTERM: shutting_down is not ready while it drains; liveness stays process survival', async () => {
    process.kill(app.pid, 'SIGTERM');
    await waitUntil('Nest to report shutting_down', async () => (await fetch(url).then((r) => r.text(), () => '')).includes('"shutting_down"'));
    await expectVerdict([url], { outcome: 'fail', format: 'terminus', says: ['NOT READY', 'terminating'] });
    await expectVerdict([url], { outcome: 'pass', format: 'terminus', says: ['ALIVE'] }, { probe: 'liveness' });
  });
});
