// The fleet benchmark's replicas: N sample services (the project's sample library, 8 required
// components each) in one process, one port each on 127.0.0.1. Prints "listening PORT,PORT,…".
// With --tls CERT,KEY: N https servers instead, each answering a health+json document.
import { readFileSync } from 'node:fs';
import { createServer } from 'node:https';
import { parseArgs } from 'node:util';
import { HealthReporter, serveHealth } from '../dist/sample.js';

const { values } = parseArgs({ options: { count: { type: 'string', default: '100' }, tls: { type: 'string' } } });
if (values.tls !== undefined) {
  const [cert, key] = values.tls.split(',').map((f) => readFileSync(f));
  const body = JSON.stringify({ status: 'pass', checks: Object.fromEntries(Array.from({ length: 8 }, (_, i) => [`component-${i}.service`, [{ status: 'pass' }]])) });
  const ports = [];
  for (let i = 0; i < Number(values.count); i++) {
    const server = createServer({ cert, key }, (_req, res) => res.writeHead(200, { 'content-type': 'application/health+json' }).end(body));
    await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
    ports.push(server.address().port);
  }
  process.stdout.write(`listening ${ports.join(',')}\n`);
  process.on('SIGTERM', () => process.exit(0));
  await new Promise(() => {});
}
const names = Array.from({ length: 8 }, (_, i) => `component-${i}.service`);
const servers = [];
for (let i = 0; i < Number(values.count); i++) {
  const health = new HealthReporter({ required: names });
  for (const name of names) health.running(name, { replica: String(i) });
  servers.push(await serveHealth(health, { port: 0 }));
}
process.stdout.write(`listening ${servers.map((s) => s.port).join(',')}\n`);
process.on('SIGTERM', () => Promise.all(servers.map((s) => s.close())).then(() => process.exit(0)));
