import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { checkComponent } from '../helpers/require-component.js';
import { firstLineOf, makeWorkDir, missingCommands, reportVersion, startProgram, waitUntil, type Started } from './support/process.js';
import { expectVerdict } from './support/verdict.js';

const skip = checkComponent('containerd', process.getuid?.() === 0 ? missingCommands(['containerd'], 'apt-get install containerd') : 'containerd needs root');

describe.skipIf(skip !== null)('containerd: grpc.health.v1 on its Unix socket', () => {
  const work = makeWorkDir('ctrd');
  const socket = join(work.dir, 'c.sock');
  let daemon: Started;

  beforeAll(async () => {
    reportVersion('containerd', firstLineOf('containerd', ['--version'])?.replace(/^containerd \S+ (\S+).*$/, '$1') ?? 'unknown');
    const config = join(work.dir, 'config.toml');
    writeFileSync(config, [
      'version = 2',
      `root = "${join(work.dir, 'root')}"`,
      `state = "${join(work.dir, 'state')}"`,
      // The CRI plugin wants networking and images; the health service needs neither.
      'disabled_plugins = ["io.containerd.grpc.v1.cri"]',
      '[grpc]',
      `  address = "${socket}"`,
      '[ttrpc]',
      `  address = "${socket}.ttrpc"`,
      '[debug]',
      '  address = ""',
      '[metrics]',
      '  address = ""',
    ].join('\n'));
    daemon = startProgram('containerd', 'containerd', ['--config', config, '--log-level', 'error']);
    await waitUntil('containerd to serve', async () => (await import('node:fs')).existsSync(socket));
  });
  afterAll(async () => {
    await daemon.stop('SIGKILL');
    work.remove();
  });

  it('SERVING over its socket: grpc://localhost --unix-socket …', async () => {
    await expectVerdict(['grpc://localhost', '--unix-socket', socket], { outcome: 'pass', format: 'grpc', says: ['READY: 1 of 1 component ready'] });
  });

  it('any host names only the :authority (grpc://containerd)', async () => {
    await expectVerdict(['grpc://containerd', '--unix-socket', socket], { outcome: 'pass', format: 'grpc', says: ['READY'] });
  });

  it('stopped: unreachable, naming the socket', async () => {
    await daemon.stop();
    await expectVerdict(['grpc://localhost', '--unix-socket', socket], { outcome: 'unreachable', format: 'grpc', says: [`unix:${socket}`] });
  });
});
