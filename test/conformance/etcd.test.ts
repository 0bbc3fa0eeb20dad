import { join } from 'node:path';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { closedPort } from '../helpers/http-server.js';
import { checkComponent } from '../helpers/require-component.js';
import { firstLineOf, makeWorkDir, missingCommands, reportVersion, startProgram, waitUntil, type Started } from './support/process.js';
import { expectVerdict } from './support/verdict.js';

const skip = checkComponent('etcd', missingCommands(['etcd'], 'apt-get install etcd-server'));
const MEMBERS = ['m1', 'm2', 'm3'] as const;

describe.skipIf(skip !== null)('etcd: a three-member cluster on loopback', () => {
  const work = makeWorkDir('etcd');
  const members: Started[] = [];
  let client = '';

  beforeAll(async () => {
    reportVersion('etcd', firstLineOf('etcd', ['--version'])?.replace(/^etcd Version: /, '') ?? 'unknown');
    const ports = await Promise.all(MEMBERS.map(async () => ({ client: await closedPort(), peer: await closedPort() })));
    const cluster = MEMBERS.map((name, i) => `${name}=http://127.0.0.1:${ports[i]?.peer}`).join(',');
    for (const [i, name] of MEMBERS.entries()) {
      const port = ports[i];
      if (port === undefined) throw new Error('no ports');
      members.push(startProgram(`etcd ${name}`, 'etcd', [
        '--name', name, '--data-dir', join(work.dir, name),
        '--listen-client-urls', `http://127.0.0.1:${port.client}`, '--advertise-client-urls', `http://127.0.0.1:${port.client}`,
        '--listen-peer-urls', `http://127.0.0.1:${port.peer}`, '--initial-advertise-peer-urls', `http://127.0.0.1:${port.peer}`,
        '--initial-cluster', cluster, '--initial-cluster-state', 'new', '--initial-cluster-token', 'healthctl-conformance',
        // Short Raft timers: a lost leader is noticed in well under a second.
        '--heartbeat-interval', '50', '--election-timeout', '300', '--logger', 'zap', '--log-level', 'error',
      ]));
    }
    client = `127.0.0.1:${ports[0]?.client}`;
    await waitUntil('etcd to elect a leader', async () => (await fetch(`http://${client}/health`).then((r) => r.text(), () => '')).includes('"true"'));
  });
  afterAll(async () => {
    await Promise.all(members.map((m) => m.stop('SIGKILL')));
    work.remove();
  });

  it('/health answers {"health":"true"}: ready, read as generic JSON', async () => {
    await expectVerdict([`http://${client}/health`], { outcome: 'pass', format: 'json', says: ['READY'] });
  });

  it('/health: alive (liveness of a combined endpoint is process survival)', async () => {
    await expectVerdict([`http://${client}/health`], { outcome: 'pass', format: 'json', says: ['ALIVE'] }, { probe: 'liveness' });
  });

  it('its gRPC health service answers SERVING on the client port', async () => {
    await expectVerdict([`grpc://${client}`], { outcome: 'pass', format: 'grpc', says: ['READY'] });
  });

  it('two of three members stopped, the leader is lost: 503 {"health":"false"} is not ready, Nagios CRITICAL', async () => {
    await Promise.all(members.slice(1).map((m) => m.stop()));
    await waitUntil('etcd to lose its leader', async () => (await fetch(`http://${client}/health`).then((r) => r.status, () => 0)) === 503, 15_000);
    await expectVerdict([`http://${client}/health`], { outcome: 'fail', format: 'json', says: ['NOT READY'] });
  });

  it('without a leader, liveness of /health stays process survival: the member is not restarted', async () => {
    await expectVerdict([`http://${client}/health`], { outcome: 'pass', format: 'json', says: ['ALIVE'] }, { probe: 'liveness' });
  });
});
