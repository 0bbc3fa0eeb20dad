import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { startDependency, type Dependency } from './support/dependency.js';
import { packageVersion, reportVersion, startProgram, waitUntil, type Started } from './support/process.js';
import { expectVerdict } from './support/verdict.js';

const FIXTURE = fileURLToPath(new URL('./fixtures/health-connect.mjs', import.meta.url));
let database: Dependency;
let app: Started;
let base: string;

beforeAll(async () => {
  reportVersion('@cloudnative/health-connect', `${packageVersion('@cloudnative/health-connect')} (@cloudnative/health ${packageVersion('@cloudnative/health')})`);
  database = await startDependency();
  app = startProgram('@cloudnative/health-connect', process.execPath, [FIXTURE, String(database.port)]);
  base = `http://127.0.0.1:${(await app.line(/^listening (\d+)$/))[1]}`;
});
afterAll(async () => {
  await Promise.all([app.stop('SIGKILL'), database.program.stop('SIGKILL')]);
});

describe('@cloudnative/health-connect: MicroProfile-style /health, /live and /ready', () => {
  it('while its startup check runs, /health answers 503 STARTING: not started, not ready', async () => {
    await expectVerdict([`${base}/health`], { outcome: 'fail', format: 'microprofile', says: ['NOT STARTED', 'warmup starting'] }, { probe: 'startup' });
    await expectVerdict([`${base}/health`], { outcome: 'fail', format: 'microprofile', says: ['NOT READY', 'warmup starting'] });
  });

  it('while its startup check runs, /ready does not answer at all: a timeout, as kubelet would see it', async () => {
    await expectVerdict([`${base}/ready`, '--timeout', '1s'], { outcome: 'timeout', format: null, says: ['TIMEOUT: timeout after 1s'] });
  });

  it('started: UP on /health, /ready and /live', async () => {
    app.send('started');
    await app.line(/^state started$/);
    await expectVerdict([`${base}/health`], { outcome: 'pass', format: 'microprofile', says: ['READY'] });
    await expectVerdict([`${base}/ready`], { outcome: 'pass', format: 'microprofile', says: ['READY'] });
    await expectVerdict([`${base}/live`], { outcome: 'pass', format: 'microprofile', says: ['ALIVE'] }, { probe: 'liveness' });
  });

  it('its database stopped: /ready 503 DOWN is not ready with the check\'s reason; /live stays alive', async () => {
    await database.program.stop();
    await expectVerdict([`${base}/ready`], { outcome: 'fail', format: 'microprofile', says: ['NOT READY', 'database failed: connect ECONNREFUSED'] });
    await expectVerdict([`${base}/health`], { outcome: 'fail', format: 'microprofile', says: ['NOT READY', 'database failed'] });
    await expectVerdict([`${base}/live`], { outcome: 'pass', format: 'microprofile', says: ['ALIVE'] }, { probe: 'liveness' });
  });

  it('SIGTERM: STOPPING (503) everywhere; the dedicated /live is then not alive', async () => {
    process.kill(app.pid, 'SIGTERM');
    await waitUntil('STOPPING', async () => (await fetch(`${base}/live`).then((r) => r.text(), () => '')).includes('STOPPING'));
    await expectVerdict([`${base}/live`], { outcome: 'fail', format: 'microprofile', says: ['NOT ALIVE'] }, { probe: 'liveness' });
    await expectVerdict([`${base}/ready`], { outcome: 'fail', format: 'microprofile', says: ['NOT READY', 'terminating'] });
  });
});
