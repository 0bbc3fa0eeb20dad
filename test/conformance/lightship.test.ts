import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { checkComponent } from '../helpers/require-component.js';
import { runCli } from '../helpers/cli.js';
import { missingCommands, packageVersion, reportVersion, startProgram, waitUntil, type Started } from './support/process.js';
import { expectVerdict } from './support/verdict.js';

const FIXTURE = fileURLToPath(new URL('./fixtures/lightship.mjs', import.meta.url));
// lightship binds 0.0.0.0 whatever it is told; a network namespace of its own keeps that on loopback.
const skip = checkComponent('netns', process.getuid?.() === 0 ? missingCommands(['unshare', 'nsenter', 'ip'], 'apt-get install util-linux iproute2') : 'network namespaces need root');
let app: Started;
let prefix: string[];
const url = (path: string): string => `http://127.0.0.1:9000${path}`;

describe.skipIf(skip !== null)('lightship: /health, /live, /ready on its own port', () => {
  beforeAll(async () => {
    reportVersion('lightship', packageVersion('lightship'));
    app = startProgram('lightship', process.execPath, [FIXTURE], { ownNetwork: true });
    await app.line(/^listening 9000$/);
    prefix = ['nsenter', '-t', String(app.pid), '-n'];
    await waitUntil('lightship to answer', async () => (await runCli(['probe', url('/live'), '--runtime', 'plain'], { prefix })).code === 0);
  });
  afterAll(async () => {
    await app.stop('SIGKILL');
  });

  it('before it signals ready: SERVER_IS_NOT_READY (500) is not ready; /live is alive', async () => {
    await expectVerdict([url('/ready')], { outcome: 'fail', format: 'lightship', says: ['NOT READY: service reports SERVER_IS_NOT_READY'] }, { prefix });
    await expectVerdict([url('/live')], { outcome: 'pass', format: 'lightship', says: ['ALIVE'] }, { probe: 'liveness', prefix });
  });

  it('signalReady(): SERVER_IS_READY on /ready and /health', async () => {
    app.send('ready');
    await app.line(/^state ready$/);
    await expectVerdict([url('/ready')], { outcome: 'pass', format: 'lightship', says: ['READY'] }, { prefix });
    await expectVerdict([url('/health')], { outcome: 'pass', format: 'lightship', says: ['READY'] }, { prefix });
  });

  it('signalNotReady() after being ready: not ready again', async () => {
    app.send('not-ready');
    await app.line(/^state not-ready$/);
    await expectVerdict([url('/ready')], { outcome: 'fail', format: 'lightship', says: ['NOT READY: service reports SERVER_IS_NOT_READY'] }, { prefix });
  });

  it('SIGTERM: SERVER_IS_SHUTTING_DOWN; the dedicated /live is then not alive', async () => {
    process.kill(app.pid, 'SIGTERM');
    await waitUntil('lightship to shut down', async () => (await runCli(['probe', url('/health'), '--runtime', 'plain', '-o', 'json'], { prefix })).stdout.includes('"terminating"'), 10_000);
    await expectVerdict([url('/health')], { outcome: 'fail', format: 'lightship', says: ['NOT READY: service reports SERVER_IS_SHUTTING_DOWN'] }, { prefix });
    await expectVerdict([url('/live')], { outcome: 'fail', format: 'lightship', says: ['NOT ALIVE'] }, { probe: 'liveness', prefix });
  });
});
