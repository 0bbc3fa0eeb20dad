// The health gate's checks, on their own thread: spawning a process blocks the calling event
// loop until the child has started, which must not hold up the balancer's proxying (an
// orchestrator's probes do not run inside the load balancer either).
//
// In: {type: 'add', name, argv} | {type: 'remove', name} | {type: 'stop'}
// Out: {type: 'result', name, code, output, ms, spawnMs}, one per finished check.
import { spawn } from 'node:child_process';
import { parentPort, workerData } from 'node:worker_threads';

const { intervalMs, env } = workerData;
const checked = new Map();
const running = new Set();

function runCheck(argv) {
  return new Promise((resolve) => {
    const t0 = performance.now();
    const child = spawn(process.execPath, argv, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    const spawnMs = performance.now() - t0;
    running.add(child);
    let output = '';
    child.stdout.setEncoding('utf8').on('data', (d) => (output += d));
    child.stderr.setEncoding('utf8').on('data', (d) => (output += d));
    child.on('error', (error) => {
      running.delete(child);
      resolve({ code: -1, output: error.message, ms: performance.now() - t0, spawnMs });
    });
    child.on('close', (code) => {
      running.delete(child);
      resolve({ code: code ?? -1, output, ms: performance.now() - t0, spawnMs });
    });
  });
}

// one check at a time per instance, started every intervalMs (later when a check runs long)
async function loop(name, argv) {
  while (checked.has(name)) {
    const t0 = performance.now();
    const result = await runCheck(argv);
    if (!checked.has(name)) return;
    parentPort.postMessage({ type: 'result', name, ...result });
    const wait = t0 + intervalMs - performance.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
  }
}

parentPort.on('message', (message) => {
  if (message.type === 'add') {
    checked.set(message.name, message.argv);
    void loop(message.name, message.argv);
  } else if (message.type === 'remove') {
    checked.delete(message.name);
  } else if (message.type === 'stop') {
    checked.clear();
    for (const child of running) child.kill('SIGKILL');
    parentPort.close();
  }
});
