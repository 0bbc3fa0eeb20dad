// The fleet benchmark's replicas: N sample services (the project's sample library, 8 required
// components each) in one process, one port each on 127.0.0.1. Prints "listening PORT,PORT,…".
import { parseArgs } from 'node:util';
import { HealthReporter, serveHealth } from '../dist/sample.js';

const { values } = parseArgs({ options: { count: { type: 'string', default: '100' } } });
const names = Array.from({ length: 8 }, (_, i) => `component-${i}.service`);
const servers = [];
for (let i = 0; i < Number(values.count); i++) {
  const health = new HealthReporter({ required: names });
  for (const name of names) health.running(name, { replica: String(i) });
  servers.push(await serveHealth(health, { port: 0 }));
}
process.stdout.write(`listening ${servers.map((s) => s.port).join(',')}\n`);
process.on('SIGTERM', () => Promise.all(servers.map((s) => s.close())).then(() => process.exit(0)));
