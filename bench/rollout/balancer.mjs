// The load balancer: a node:http reverse proxy that routes, round-robin, only to the instances
// its health gate calls ready. The gate is a command run for each instance every interval (as
// an orchestrator runs an exec probe); exit code 0 puts the instance in the pool, anything else
// takes it out. It never retries: a request that fails upstream fails for the client.
import { Agent, createServer, request } from 'node:http';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { Worker } from 'node:worker_threads';

/**
 * The two gates, each one `healthctl probe` process per check so both pay the same cost.
 * naive: the app port accepts a TCP connection. healthctl: the readiness verdict on /status.
 */
export const GATES = {
  naive: {
    title: 'port open (`healthctl probe tcp://…`)',
    argv: (bin, instance, timeout) => [bin, 'probe', '--runtime', 'kubernetes', '--timeout', timeout, `tcp://127.0.0.1:${instance.app}`],
  },
  healthctl: {
    title: 'healthctl readiness (`healthctl probe --probe readiness … /status`)',
    argv: (bin, instance, timeout) => [
      bin, 'probe', '--probe', 'readiness', '--runtime', 'kubernetes', '--timeout', timeout,
      `http://127.0.0.1:${instance.health}/status`,
    ],
  },
};

/** The gate command for display, with placeholders for the ports. */
export function gateCommand(gate, timeout) {
  return GATES[gate].argv('healthctl', { app: 'APP_PORT', health: 'HEALTH_PORT' }, timeout).join(' ');
}

function probeEnv() {
  const env = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (/^(HEALTHCTL_|KUBERNETES_|ECS_|INVOCATION_ID$|NOTIFY_SOCKET$|WATCHDOG_)/.test(key)) continue;
    env[key] = value;
  }
  return env;
}

/**
 * Starts the balancer on a free 127.0.0.1 port.
 * @param {{ gate: keyof GATES, bin: string, intervalMs: number, probeTimeout: string, log: (line: string) => void }} options
 */
export async function startBalancer({ gate, bin, intervalMs, probeTimeout, log }) {
  const started = performance.now();
  const at = () => Math.round(performance.now() - started);
  const env = probeEnv();
  const loopDelay = monitorEventLoopDelay({ resolution: 10 });
  loopDelay.enable();
  /** @type {Map<string, {name: string, app: number, health: number, ready: boolean, removed: boolean, agent: Agent, checks: number, transitions: {ready: boolean, at: number}[]}>} */
  const instances = new Map();
  const waiters = new Set();
  /** name → when the gate last took it out of the pool (cleared when admitted again) */
  const leftPoolAt = new Map();
  let pool = [];
  let next = 0;
  const stats = { proxied: 0, noInstance: 0, upstreamErrors: 0, upstreamErrorCodes: {}, probes: 0, probeMs: [], spawnMsMax: 0, inFlight: 0, slowestMs: 0 };

  const rebuildPool = () => {
    pool = [...instances.values()].filter((i) => i.ready && !i.removed);
    for (const waiter of [...waiters]) waiter();
  };

  const gates = new Worker(new URL('./gate-worker.mjs', import.meta.url), { workerData: { intervalMs, env } });
  gates.on('error', (error) => log(`gate worker failed: ${error.message}`));
  gates.on('message', (result) => {
    const instance = instances.get(result.name);
    if (instance === undefined || instance.removed) return;
    instance.checks += 1;
    stats.probes += 1;
    stats.probeMs.push(result.ms);
    stats.spawnMsMax = Math.max(stats.spawnMsMax, Math.round(result.spawnMs));
    const why = output1(result.output);
    instance.last = `exit ${result.code}: ${why}`;
    const ready = result.code === 0;
    if (ready === instance.ready) return;
    instance.ready = ready;
    instance.transitions.push({ ready, at: at() });
    if (ready) leftPoolAt.delete(instance.name);
    else leftPoolAt.set(instance.name, at());
    log(`${at()}ms gate ${ready ? 'admits' : 'removes'} ${instance.name} (exit ${result.code}${why ? `: ${why}` : ''})`);
    rebuildPool();
  });

  const waitFor = (name, ready, timeoutMs) =>
    new Promise((resolve, reject) => {
      const check = () => {
        if (pool.some((i) => i.name === name) !== ready) return;
        clearTimeout(timer);
        waiters.delete(check);
        resolve(at());
      };
      const timer = setTimeout(() => {
        waiters.delete(check);
        const last = instances.get(name)?.last ?? 'no check finished';
        reject(new Error(`the ${gate} gate did not ${ready ? 'admit' : 'remove'} ${name} within ${timeoutMs} ms (last check: ${last})`));
      }, timeoutMs);
      waiters.add(check);
      check();
    });

  const server = createServer((req, res) => {
    if (pool.length === 0) {
      stats.noInstance += 1;
      res.writeHead(503, { 'content-type': 'text/plain', 'x-balancer': 'no-ready-instance' });
      res.end('no ready instance\n');
      return;
    }
    const instance = pool[next++ % pool.length];
    stats.proxied += 1;
    stats.inFlight += 1;
    const t0 = performance.now();
    res.on('close', () => {
      stats.inFlight -= 1;
      stats.slowestMs = Math.max(stats.slowestMs, Math.round(performance.now() - t0));
    });
    const upstream = request(
      { host: '127.0.0.1', port: instance.app, method: req.method, path: req.url, headers: req.headers, agent: instance.agent },
      (upstreamRes) => {
        res.writeHead(upstreamRes.statusCode ?? 502, upstreamRes.headers);
        upstreamRes.pipe(res);
      },
    );
    upstream.on('error', (error) => {
      stats.upstreamErrors += 1;
      const code = error.code ?? error.message;
      stats.upstreamErrorCodes[code] = (stats.upstreamErrorCodes[code] ?? 0) + 1;
      if (res.headersSent) {
        res.destroy();
        return;
      }
      res.writeHead(502, { 'content-type': 'text/plain', 'x-balancer': `upstream-${code}`, 'x-instance': instance.name });
      res.end(`upstream ${instance.name}: ${code}\n`);
    });
    req.pipe(upstream);
  });
  server.keepAliveTimeout = 65_000;
  await new Promise((resolve) => server.listen({ host: '127.0.0.1', port: 0 }, resolve));
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : 0;

  return {
    port,
    stats,
    /** The longest the balancer's event loop was blocked, in ms. */
    eventLoopDelayMaxMs: () => Math.round(loopDelay.max / 1e6),
    /** Registers an instance (not ready until its gate passes) and starts checking it. */
    add(name, ports) {
      const instance = {
        name,
        app: ports.app,
        health: ports.health,
        ready: false,
        removed: false,
        agent: new Agent({ keepAlive: true, maxSockets: 64, timeout: 30_000 }),
        checks: 0,
        last: null,
        transitions: [],
      };
      instances.set(name, instance);
      gates.postMessage({ type: 'add', name, argv: GATES[gate].argv(bin, instance, probeTimeout) });
      return instance;
    },
    /** Stops checking an instance the gate has taken out and whose process is gone. */
    remove(name) {
      const instance = instances.get(name);
      if (instance === undefined) return;
      instance.removed = true;
      instances.delete(name);
      gates.postMessage({ type: 'remove', name });
      instance.agent.destroy();
      rebuildPool();
    },
    /** When the gate last took `name` out of the pool, or null if it did not since it was admitted. */
    removedAt(name) {
      return leftPoolAt.get(name) ?? null;
    },
    isReady(name) {
      return pool.some((i) => i.name === name);
    },
    /** Resolves once the gate has admitted `name`, rejects after timeoutMs. */
    waitReady(name, timeoutMs) {
      return waitFor(name, true, timeoutMs);
    },
    /** Resolves once the gate has taken `name` out of the pool, rejects after timeoutMs. */
    waitLeft(name, timeoutMs) {
      return waitFor(name, false, timeoutMs);
    },
    at,
    async close() {
      for (const instance of instances.values()) {
        instance.removed = true;
        instance.agent.destroy();
      }
      gates.postMessage({ type: 'stop' });
      await new Promise((resolve) => gates.once('exit', resolve));
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

function output1(text) {
  return text.split('\n')[0]?.trim().slice(0, 120) ?? '';
}
