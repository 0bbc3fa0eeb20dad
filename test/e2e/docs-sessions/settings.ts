import { copyFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HealthReporter, runSampleService, serveHealth, startScenario } from '../../../src/sample/index.js';
import { renderStatus } from '../../../src/sample/probes.js';
import { SERVING_STATUS, startGrpcServer } from '../../helpers/grpc-server.js';
import { status } from '@grpc/grpc-js';
import { bytesServer, httpServer, hugeBodyServer, httpsServer, nestedSpringBody, redirectServer, silentServer } from '../../helpers/hostile-servers.js';
import { FIXTURES } from '../../helpers/cli.js';
import { startFleet } from '../../helpers/fleet.js';
import { closedPort, serveBody } from '../../helpers/http-server.js';
import { startSampleExample } from '../../helpers/sample-example.js';
import { makeTestCerts } from '../../unit/transport/certs.js';
import { start } from '../diagnose/process.js';

/** Where a session runs: the servers it talks to, behind the ports the document shows. */
export interface Setting {
  /** The port a document shows → the port the test's server really listens on. */
  ports: ReadonlyMap<number, number>;
  /** A path a document shows (a socket under /run) → the path the test's server really uses. */
  paths?: ReadonlyMap<string, string>;
  /** Added to every command's environment. */
  env?: Record<string, string>;
  /** The working directory of every command (default: the repository). */
  cwd?: string;
  close(): Promise<void>;
}

interface SettingDefinition {
  /** What the setting is, in words a reader of the test can check against the document's prose. */
  description: string;
  /** `args`: what the marker gives after the setting's name, for settings that take arguments. */
  start(args: string): Promise<Setting>;
}

const SAMPLE_PORT = 28080;

async function waitUntil(condition: () => Promise<boolean>, what: string, ms = 15_000): Promise<void> {
  const deadline = performance.now() + ms;
  while (!(await condition())) {
    if (performance.now() > deadline) throw new Error(`setting never got ready: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

const answers = async (url: string, status: number): Promise<boolean> => {
  try {
    return (await fetch(url)).status === status;
  } catch {
    return false;
  }
};

/** A HealthReporter in the state `setUp` gives it, served on a free port shown as 28080. */
async function sampleService(setUp: (health: HealthReporter) => void | Promise<void>, env: (url: string) => Record<string, string> = () => ({})): Promise<Setting> {
  const health = new HealthReporter();
  const server = await serveHealth(health, { port: 0 });
  await setUp(health);
  return { ports: new Map([[SAMPLE_PORT, server.port]]), env: env(`${server.url}/status`), close: () => server.close() };
}

/** The demo's sample scenario, once ready, then changed from outside by `change`. */
function readyScenario(change: (health: HealthReporter) => void): (health: HealthReporter) => Promise<void> {
  return async (health: HealthReporter): Promise<void> => {
    const scenario = startScenario(health, { readyAfterMs: 50, flap: false });
    await waitUntil(async () => health.snapshot().statuses.filter((s) => s.status === 'RUNNING').length === 9, 'the scenario is ready');
    change(health);
    scenario.stop();
  };
}

/**
 * Eight required components that come up in three steps, 1.5 s apart, counted from the first
 * request, so that however long the command takes to start, its first check sees the first step.
 */
async function comesUp(): Promise<Setting> {
  const health = new HealthReporter({ required: ['config.sync', 'storage.backend', 'authenticate.service', 'authorize.service', 'xds.cluster', 'xds.listener', 'envoy.server', 'proxy.service'] });
  health.running('config.sync');
  health.running('storage.backend');
  health.starting('authenticate.service');
  health.starting('authorize.service');
  const timers: NodeJS.Timeout[] = [];
  const server = await httpServer((_req, res) => {
    if (timers.length === 0) {
      timers.push(
        setTimeout(() => {
          for (const name of ['authenticate.service', 'authorize.service', 'xds.cluster', 'xds.listener']) health.running(name);
          health.starting('envoy.server');
          health.starting('proxy.service');
        }, 1500),
        setTimeout(() => {
          health.running('envoy.server');
          health.running('proxy.service');
        }, 3000),
      );
    }
    res.setHeader('Content-Type', 'text/plain; charset=utf-8');
    res.end(renderStatus(health.snapshot()));
  });
  return {
    ports: new Map([[SAMPLE_PORT, server.port]]),
    close: async () => {
      for (const timer of timers) clearTimeout(timer);
      await server.close();
    },
  };
}

export const SETTINGS: Record<string, SettingDefinition> = {
  none: {
    description: 'no service: commands that need none, run in the repository',
    start: async () => ({ ports: new Map(), close: async () => {} }),
  },
  starting: {
    description: 'five required components on :28080: authorize.service starting, storage.backend failing, xds.cluster never reported',
    start: () =>
      sampleService((h) => {
        h.require('authenticate.service', 'authorize.service', 'envoy.server', 'storage.backend', 'xds.cluster');
        h.running('authenticate.service');
        h.starting('authorize.service');
        h.running('envoy.server');
        h.report('storage.backend', { status: 'RUNNING', error: 'ping postgres: context deadline exceeded' });
      }),
  },
  failing: {
    description: "the demo's sample service on :28080, ready, then storage.backend failing and xds.cluster set back to starting",
    start: () =>
      sampleService(
        readyScenario((h) => {
          h.failed('storage.backend', 'ping postgres: context deadline exceeded');
          h.starting('xds.cluster');
        }),
      ),
  },
  'in-a-container': {
    description: "inside a container (HEALTHCTL_RUNTIME=docker stands for /.dockerenv) whose sample service listens on healthctl's default target, :28080, with storage.backend failing",
    start: () =>
      sampleService(
        readyScenario((h) => h.failed('storage.backend', 'ping postgres: timeout')),
        (url) => ({ HEALTHCTL_TARGET: url, HEALTHCTL_RUNTIME: 'docker' }),
      ),
  },
  'demo-serve': {
    description: '`healthctl demo --serve --ready-after 1s --no-flap` running (on a free port shown as 28080), once ready',
    start: async () => {
      const demo = start(['demo', '--serve', '--port', '0', '--ready-after', '1s', '--no-flap']);
      const [, url = '', port = ''] = await demo.waitFor(/^sample service listening on (http:\/\/127\.0\.0\.1:(\d+))$/m);
      await waitUntil(() => answers(`${url}/readyz`, 200), 'the demo service is ready');
      return {
        ports: new Map([[SAMPLE_PORT, Number(port)]]),
        close: async () => {
          demo.child.kill('SIGKILL');
          await demo.exited;
        },
      };
    },
  },
  'comes-up': {
    description: 'eight required components on :28080 that come up in three steps, 1.5 s apart, from the first request',
    start: comesUp,
  },
  'never-ready': {
    description: 'eight required components on :28080: two running, two starting for ever, four never reported',
    start: () =>
      sampleService((h) => {
        h.require('config.sync', 'storage.backend', 'authenticate.service', 'authorize.service', 'xds.cluster', 'xds.listener', 'envoy.server', 'proxy.service');
        h.running('config.sync');
        h.running('storage.backend');
        h.starting('authenticate.service');
        h.starting('authorize.service');
      }),
  },
  hostile: {
    description:
      ':18081 never answers, :18082 sends a body without end, :18083 redirects to another host, :18084 nests Spring components 40 levels deep, :18085 reports storage.backend failing with an error that holds an escape sequence, a newline and a |, :18443 has a self-signed certificate',
    start: async () => {
      const certs = makeTestCerts();
      const servers = [
        [18081, await silentServer()],
        [18082, await hugeBodyServer(40 * 1024 * 1024, false)],
        [18083, await redirectServer(() => 'http://evil.example:8080/status?token=s3cr3t')],
        [18084, await bytesServer(200, 'application/json', nestedSpringBody(40))],
        [18085, await bytesServer(200, 'text/plain', JSON.stringify({ statuses: { 'storage.backend': { status: 'RUNNING', error: 'disk full\x1b[2J\nREADY: all good | ok=1' }, proxy: { status: 'RUNNING' } }, checks: ['storage.backend', 'proxy'] }))],
        [18443, await httpsServer(certs.selfSigned, '{"status":"UP"}')],
      ] as const;
      return {
        ports: new Map(servers.map(([shown, server]) => [shown, server.port])),
        close: async () => {
          for (const [, server] of servers) await server.close();
          rmSync(certs.dir, { recursive: true, force: true });
        },
      };
    },
  },
  grpc: {
    description:
      "grpc.health.v1 on :50051 ('' and auth.v1.Auth SERVING, store.v1.Store NOT_SERVING, search.v1.Search UNKNOWN, with List); :50052 without the health service; :50053 never answers a call; :50054 closed; :8080 an HTTP/1.1 server; :50443 TLS and :50444 mTLS with a certificate for localhost from the CA in ca.pem; run in a folder holding ca.pem, client.pem and client-key.pem",
    start: async () => {
      const certs = makeTestCerts();
      const dir = mkdtempSync(join(tmpdir(), 'healthctl-docs-grpc-'));
      copyFileSync(certs.caPath, join(dir, 'ca.pem'));
      copyFileSync(certs.clientCertPath, join(dir, 'client.pem'));
      copyFileSync(certs.clientKeyPath, join(dir, 'client-key.pem'));
      const { SERVING, NOT_SERVING, UNKNOWN } = SERVING_STATUS;
      const servers = [
        [50051, await startGrpcServer({ statuses: { '': SERVING, 'auth.v1.Auth': SERVING, 'store.v1.Store': NOT_SERVING, 'search.v1.Search': UNKNOWN } })],
        [50052, await startGrpcServer({ health: false })],
        [50053, await startGrpcServer({ hang: true })],
        [50443, await startGrpcServer({ tls: certs.server })],
        [50444, await startGrpcServer({ tls: { ...certs.server, clientCa: certs.ca } })],
        [8080, await httpServer((_req, res) => res.writeHead(400).end())],
      ] as const;
      return {
        ports: new Map([...servers.map(([shown, server]): [number, number] => [shown, server.port]), [50054, await closedPort()]]),
        cwd: dir,
        close: async () => {
          for (const [, server] of servers) await server.close();
          rmSync(dir, { recursive: true, force: true });
          rmSync(certs.dir, { recursive: true, force: true });
        },
      };
    },
  },
  'grpc-socket': {
    description: 'grpc.health.v1 (the whole server SERVING) on a Unix socket shown as /run/containerd/containerd.sock',
    start: async () => {
      const dir = mkdtempSync(join(tmpdir(), 'healthctl-docs-grpc-socket-'));
      const socket = join(dir, 'containerd.sock');
      const server = await startGrpcServer({ unixSocket: socket, statuses: { '': SERVING_STATUS.SERVING } });
      return {
        ports: new Map(),
        paths: new Map([['/run/containerd/containerd.sock', socket]]),
        close: async () => {
          await server.close();
          rmSync(dir, { recursive: true, force: true });
        },
      };
    },
  },
  'grpc-answers': {
    description: "grpc.health.v1 on :50051 whose Check handler answers search.v1.Search with UNAVAILABLE ('warming up: 3 of 5 shards loaded') and admin.v1.Admin with PERMISSION_DENIED ('missing scope health.read')",
    start: async () => {
      const server = await startGrpcServer({
        errors: {
          'search.v1.Search': { code: status.UNAVAILABLE, details: 'warming up: 3 of 5 shards loaded' },
          'admin.v1.Admin': { code: status.PERMISSION_DENIED, details: 'missing scope health.read' },
        },
      });
      return { ports: new Map([[50051, server.port]]), close: () => server.close() };
    },
  },
  fixture: {
    description: 'a server answering, on every path, a file of test/fixtures/formats/ with a status and a Content-Type: `<!-- session: fixture PORT FILE STATUS CONTENT-TYPE -->`, PORT being the port the commands show',
    start: async (args) => {
      const match = /^(\d+) (\S+) (\d{3}) (.+)$/.exec(args);
      if (match === null) throw new Error(`fixture setting: expected 'PORT FILE STATUS CONTENT-TYPE', got '${args}'`);
      const [, shown = '', file = '', status = '', contentType = ''] = match;
      const server = await serveBody(Number(status), contentType, readFileSync(join(FIXTURES, file), 'utf8'));
      return { ports: new Map([[Number(shown), server.port]]), close: () => server.close() };
    },
  },
  'sample-example': {
    description: "docs/sample.md's example service, built as written, once both components run (health port shown as 28080, application port as 8080)",
    start: async () => {
      const example = await startSampleExample();
      await waitUntil(() => answers(`${example.url}/readyz`, 200), 'the example is ready');
      const status = await (await fetch(`${example.url}/status`)).text();
      const appPort = Number(/"Key":"port","Value":"(\d+)"/.exec(status)?.[1]);
      return {
        ports: new Map([[SAMPLE_PORT, Number(new URL(example.url).port)], [8080, appPort]]),
        close: () => example.stop(),
      };
    },
  },
  'sample-service': {
    description: 'runSampleService with control: true, ready (readyAfterMs 50), without flapping, on :28080',
    start: async () => {
      const stop = new AbortController();
      let listening: (url: string) => void = () => {};
      const url = new Promise<string>((resolve) => (listening = resolve));
      const running = runSampleService({ port: 0, readyAfterMs: 50, flap: false, drainMs: 0, control: true, log: () => {}, onListening: listening, signal: stop.signal });
      const base = await url;
      await waitUntil(() => answers(`${base}/readyz`, 200), 'the sample service is ready');
      return {
        ports: new Map([[SAMPLE_PORT, Number(new URL(base).port)]]),
        close: async () => {
          stop.abort();
          await running;
        },
      };
    },
  },
  fleet: {
    description: 'three replicas of a sample service on 127.0.0.1, 127.0.0.2 and 127.0.0.3, all on :28080: the first ready, the second with storage.backend failing, the third still starting',
    start: async () => {
      const fleet = await startFleet(['ready', 'failing', 'starting']);
      return { ports: new Map([[SAMPLE_PORT, fleet.port]]), close: () => fleet.close() };
    },
  },
  'sample-control': {
    description: 'serveHealth with control: true and nothing reported yet, on :28080',
    start: async () => {
      const server = await serveHealth(new HealthReporter(), { port: 0, control: true });
      return { ports: new Map([[SAMPLE_PORT, server.port]]), close: () => server.close() };
    },
  },
};

