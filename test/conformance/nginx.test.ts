import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { closedPort } from '../helpers/http-server.js';
import { checkComponent } from '../helpers/require-component.js';
import { startDependency, type Dependency } from './support/dependency.js';
import { firstLineOf, makeWorkDir, missingCommands, reportVersion, startProgram, waitUntil, type Started } from './support/process.js';
import { expectVerdict } from './support/verdict.js';

const BACKEND = fileURLToPath(new URL('./fixtures/koa-actuator.mjs', import.meta.url));
const skip = checkComponent('nginx', missingCommands(['nginx'], 'apt-get install nginx-light'));

/** nginx with everything under `dir`: no system paths, one process, loopback only. */
function nginxConfig(dir: string, port: number, backend: number): string {
  for (const d of ['body', 'proxy', 'fastcgi', 'uwsgi', 'scgi']) mkdirSync(join(dir, d), { recursive: true });
  return `daemon off;
master_process off;
pid ${join(dir, 'nginx.pid')};
error_log ${join(dir, 'error.log')} error;
events { worker_connections 64; }
http {
  access_log off;
  client_body_temp_path ${join(dir, 'body')};
  proxy_temp_path ${join(dir, 'proxy')};
  fastcgi_temp_path ${join(dir, 'fastcgi')};
  uwsgi_temp_path ${join(dir, 'uwsgi')};
  scgi_temp_path ${join(dir, 'scgi')};
  server {
    listen 127.0.0.1:${port};
    location / { proxy_pass http://127.0.0.1:${backend}; }
  }
}
`;
}

describe.skipIf(skip !== null)('nginx in front of a Node service (koa-actuator)', () => {
  const work = makeWorkDir('nginx');
  let database: Dependency;
  let backend: Started;
  let proxy: Started;
  let url = '';

  beforeAll(async () => {
    reportVersion('nginx', firstLineOf('nginx', ['-v'])?.replace(/^nginx version: /, '') ?? 'unknown');
    database = await startDependency();
    const backendPort = await closedPort();
    backend = startProgram('backend', process.execPath, [BACKEND, String(database.port), String(backendPort)]);
    await backend.line(/^listening \d+$/);
    const port = await closedPort();
    const config = join(work.dir, 'nginx.conf');
    writeFileSync(config, nginxConfig(work.dir, port, backendPort));
    proxy = startProgram('nginx', 'nginx', ['-p', work.dir, '-c', config]);
    url = `http://127.0.0.1:${port}/actuator/health`;
    await waitUntil('nginx to proxy', async () => (await fetch(url).then((r) => r.status, () => 0)) === 200);
  });
  afterAll(async () => {
    await Promise.all([proxy.stop(), backend.stop('SIGKILL'), database.program.stop('SIGKILL')]);
    work.remove();
  });

  it('through the proxy: the service\'s own answer, ready', async () => {
    await expectVerdict([url], { outcome: 'pass', format: 'spring', says: ['READY: 1 of 1 component ready'] });
  });

  it('the service\'s database stopped: its 503 DOWN comes through, not ready with its text', async () => {
    await database.program.stop();
    await expectVerdict([url], { outcome: 'fail', format: 'spring', says: ['NOT READY', 'db failed: connect ECONNREFUSED'] });
  });

  it('the service stopped: the proxy\'s 502 Bad Gateway is not ready', async () => {
    await backend.stop();
    await expectVerdict([url], { outcome: 'fail', format: 'http-status', says: ['NOT READY', '502'] });
  });
});
