import { afterAll, beforeAll, describe, it } from 'vitest';
import { dockerMissing, startDockerEngine, type DockerEngine } from '../helpers/docker.js';
import { checkComponent } from '../helpers/require-component.js';
import { reportVersion } from './support/process.js';
import { expectVerdict } from './support/verdict.js';

const skip = checkComponent('docker', dockerMissing());

describe.skipIf(skip !== null)('dockerd: /_ping over its Unix socket', () => {
  let engine: DockerEngine;

  beforeAll(async () => {
    engine = await startDockerEngine();
    reportVersion('dockerd', (await engine.docker(['version', '--format', '{{.Server.Version}}'])).stdout.trim());
  });
  afterAll(async () => {
    await engine.stop();
  });

  it('/_ping answers OK: ready, read by its HTTP status', async () => {
    await expectVerdict(['http://localhost/_ping', '--unix-socket', engine.socket], { outcome: 'pass', format: 'http-status', says: ['READY'] });
  });

  it('stopped: unreachable, naming the socket', async () => {
    await engine.stop();
    await expectVerdict(['http://localhost/_ping', '--unix-socket', engine.socket], { outcome: 'unreachable', format: null, says: [`unix:${engine.socket}`] });
  });
});
