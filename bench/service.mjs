// The endpoint every benchmark row asks: the project's sample service library with N required components.
// Prints "listening URL" once bound and "ready T" / "unready T" (epoch ms) each time the gate component flips.
import { parseArgs } from 'node:util';
import { HealthReporter, serveHealth } from '../dist/sample.js';

const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '0' },
    components: { type: 'string', default: '8' },
    start: { type: 'string', default: 'ready' },
  },
});

const now = () => performance.timeOrigin + performance.now();
const count = Number(values.components);
const names = Array.from({ length: count }, (_, i) => `component-${String(i).padStart(5, '0')}.service`);
const GATE = 'bench.gate';
const health = new HealthReporter({ required: [...names, GATE] });
for (const [i, name] of names.entries()) health.running(name, { index: String(i), zone: `zone-${i % 3}` });
if (values.start === 'ready') health.running(GATE);
else health.starting(GATE);

health.subscribe((change) => {
  if (change.type !== 'report' || change.name !== GATE) return;
  const ready = change.current.status === 'RUNNING' && change.current.error === null;
  process.stdout.write(`${ready ? 'ready' : 'unready'} ${now()}\n`);
});

const server = await serveHealth(health, { port: Number(values.port), control: true });
process.stdout.write(`listening ${server.url}\n`);
const stop = () => void server.close().then(() => process.exit(0));
process.once('SIGTERM', stop);
process.once('SIGINT', stop);
