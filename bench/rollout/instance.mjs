// One instance of the fleet: the sample service's components (healthctl/sample) behind a real
// application port. The app port opens at once but answers 503 until every component has come
// up; the Pomerium-compatible health endpoints listen on their own port, as Pomerium's 28080.
// On SIGTERM every component turns TERMINATING (readiness fails), the app keeps answering for
// the drain period, then both servers close and the process exits.
//
//   node bench/rollout/instance.mjs --name NAME --ready-after-ms 2500 --drain-ms 5000 [--sample dist/sample.js]
// prints one JSON line on stdout once both ports listen: {"app":PORT,"health":PORT}.
import { createServer } from 'node:http';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';

const { values } = parseArgs({
  options: {
    name: { type: 'string', default: 'instance' },
    'ready-after-ms': { type: 'string', default: '2500' },
    'drain-ms': { type: 'string', default: '5000' },
    // the built module file to load instead of healthctl/sample (the benchmark's snapshot)
    sample: { type: 'string' },
  },
});
const { HealthReporter, SCENARIO_REQUIRED, serveHealth, startScenario } = await import(
  values.sample === undefined ? 'healthctl/sample' : pathToFileURL(values.sample).href
);
const name = values.name;
const readyAfterMs = Number(values['ready-after-ms']);
const drainMs = Number(values['drain-ms']);

const health = new HealthReporter();
const scenario = startScenario(health, { readyAfterMs, drainMs, flap: false });

// The app can serve once every required component has reported RUNNING; it keeps serving
// through the drain (components TERMINATING), as a real proxy finishes its traffic.
let initialised = false;
const unsubscribe = health.subscribe(() => {
  if (SCENARIO_REQUIRED.every((component) => health.get(component)?.status === 'RUNNING')) {
    initialised = true;
    unsubscribe();
  }
});

const app = createServer((req, res) => {
  if (!initialised) {
    res.writeHead(503, { 'content-type': 'text/plain', 'x-instance': name });
    res.end('upstream not ready: components starting\n');
    return;
  }
  res.writeHead(200, { 'content-type': 'text/plain', 'x-instance': name });
  res.end(`ok from ${name}\n`);
});
// longer than any idle gap the balancer's keep-alive agent leaves, so the server never closes
// a socket the balancer is about to reuse
app.keepAliveTimeout = 65_000;
app.headersTimeout = 66_000;

await new Promise((resolve) => app.listen({ host: '127.0.0.1', port: 0 }, resolve));
const probes = await serveHealth(health, { port: 0 });
const address = app.address();
const appPort = typeof address === 'object' && address !== null ? address.port : 0;
process.stdout.write(`${JSON.stringify({ app: appPort, health: probes.port })}\n`);

let stopping = false;
const stop = async () => {
  if (stopping) {
    // a second signal: stop now
    app.closeAllConnections();
    process.exit(0);
  }
  stopping = true;
  await scenario.drain();
  // the drain period is over: stop accepting, let requests in flight finish, then exit
  await Promise.all([
    new Promise((resolve) => {
      app.close(resolve);
      app.closeIdleConnections();
      setTimeout(() => app.closeAllConnections(), 1000).unref();
    }),
    probes.close(),
  ]);
  process.exit(0);
};
process.on('SIGTERM', () => void stop());
process.on('SIGINT', () => void stop());
