import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { packageVersion, reportVersion, startProgram, type Started } from './support/process.js';
import { expectVerdict } from './support/verdict.js';

const FIXTURE = fileURLToPath(new URL('./fixtures/grpc-health-check.mjs', import.meta.url));
const KINDS = ['startup', 'liveness', 'readiness'] as const;
const WORDS = { startup: 'NOT STARTED', liveness: 'NOT ALIVE', readiness: 'NOT READY' } as const;
let app: Started;
let server: string;

beforeAll(async () => {
  reportVersion('grpc-health-check', `${packageVersion('grpc-health-check')} (@grpc/grpc-js ${packageVersion('@grpc/grpc-js')})`);
  app = startProgram('grpc-health-check', process.execPath, [FIXTURE]);
  server = `grpc://127.0.0.1:${(await app.line(/^listening (\d+)$/))[1]}`;
});
afterAll(async () => {
  await app.stop('SIGKILL');
});

async function setStatus(status: string): Promise<void> {
  app.send(status);
  await app.line(new RegExp(`^status ${status}$`));
}

describe('grpc-health-check: the official grpc-node health service', () => {
  it.each(KINDS)('warming up, NOT_SERVING fails --probe %s', async (probe) => {
    await expectVerdict([server], { outcome: 'fail', format: 'grpc', says: [WORDS[probe], 'NOT_SERVING'] }, { probe });
    await expectVerdict([`${server}/search.v1.Search`], { outcome: 'fail', format: 'grpc', says: [WORDS[probe], 'search.v1.Search failed: NOT_SERVING'] }, { probe });
  });

  it('flipped to SERVING: every probe kind passes', async () => {
    await setStatus('SERVING');
    for (const probe of KINDS) await expectVerdict([`${server}/search.v1.Search`], { outcome: 'pass', format: 'grpc', says: [] }, { probe });
  });

  it('flipped back to NOT_SERVING: not ready again', async () => {
    await setStatus('NOT_SERVING');
    await expectVerdict([server], { outcome: 'fail', format: 'grpc', says: ['NOT READY', '(server) failed: NOT_SERVING'] });
  });

  it('a service it does not know is not registered', async () => {
    await expectVerdict([`${server}/payments.v1.Payments`], { outcome: 'fail', format: 'grpc', says: ['payments.v1.Payments unavailable: service not registered'] });
  });
});
