import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { startDependency, type Dependency } from './support/dependency.js';
import { packageVersion, reportVersion, startProgram, type Started } from './support/process.js';
import { expectVerdict } from './support/verdict.js';

const FIXTURE = fileURLToPath(new URL('./fixtures/koa-actuator.mjs', import.meta.url));
let database: Dependency;
let app: Started;
let url: string;

beforeAll(async () => {
  reportVersion('koa-actuator', packageVersion('koa-actuator'));
  database = await startDependency();
  app = startProgram('koa-actuator', process.execPath, [FIXTURE, String(database.port)]);
  url = `http://127.0.0.1:${(await app.line(/^listening (\d+)$/))[1]}/actuator/health`;
});
afterAll(async () => {
  await Promise.all([app.stop('SIGKILL'), database.program.stop('SIGKILL')]);
});

describe('koa-actuator: Spring Boot Actuator style /actuator/health', () => {
  it('healthy: UP with an UP check is ready', async () => {
    await expectVerdict([url], { outcome: 'pass', format: 'spring', says: ['READY: 1 of 1 component ready'] });
  });

  it('its database stopped: 503 DOWN is not ready, with the check\'s own error', async () => {
    await database.program.stop();
    await expectVerdict([url], { outcome: 'fail', format: 'spring', says: ['NOT READY', 'db failed: connect ECONNREFUSED'] });
  });

  it('its database stopped: liveness of the combined endpoint stays process survival', async () => {
    await expectVerdict([url], { outcome: 'pass', format: 'spring', says: ['ALIVE'] }, { probe: 'liveness' });
  });
});
