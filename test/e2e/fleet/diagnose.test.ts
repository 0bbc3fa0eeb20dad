import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { describe, expect, it } from 'vitest';
import { BUILD_UNDER_TEST, runCli } from '../../helpers/cli.js';
import { REPLICA_HOSTS, setState, startFleet } from '../../helpers/fleet.js';
import { checkComponent } from '../../helpers/require-component.js';
import { hasTmux, killTmuxServer, run, state, tmux, until } from '../../helpers/tmux.js';
import { fleetValidator } from '../../unit/fleet/support.js';
import { makeTestCerts } from '../../unit/transport/certs.js';
import { start } from '../diagnose/process.js';

const skipTmux = checkComponent('tmux', hasTmux ? null : 'tmux is not installed') !== null;

describe('diagnose over a fleet', () => {
  it('piped: the table, the summary, then the detail of each target not passing', async () => {
    const f = await startFleet(['ready', 'failing', 'silent']);
    try {
      const r = await runCli(['diagnose', f.url(0), f.url(1), f.url(2), '--runtime', 'kubernetes', '--timeout', '1s'], { env: { COLUMNS: '200' } });
      expect(r.code, r.stderr).toBe(4);
      const lines = r.stdout.split('\n');
      expect(lines[0]).toMatch(/^ {3}TARGET\s+STARTUP\s+LIVENESS\s+READINESS\s+FORMAT\s+FAILING\s+LATENCY$/);
      expect(lines[1]).toMatch(new RegExp(`^ ✓ http://127\\.0\\.0\\.1:${f.port}/status  ✓ pass   ✓ pass    ✓ pass     pomerium  –\\s+[\\d.]+m?s$`));
      expect(lines[2]).toMatch(new RegExp(`^ ✗ http://127\\.0\\.0\\.2:${f.port}/status  ✓ pass   ✓ pass    ✗ fail     pomerium  storage\\.backend failed: ping postgres: timeout\\s+[\\d.]+m?s$`));
      expect(lines[3]).toMatch(new RegExp(`^ ✗ http://127\\.0\\.0\\.3:${f.port}/status  ✗ fail   ✗ fail    ✗ fail     –         TIMEOUT: timeout after 1s waiting for first byte from 127\\.0\\.0\\.3:${f.port}\\s+[\\d.]+m?s$`));
      expect(lines[5]).toBe(`NOT READY: 1 of 3 targets ready; ${f.url(1)}: storage.backend failed: ping postgres: timeout; ${f.url(2)}: TIMEOUT: timeout after 1s waiting for first byte from 127.0.0.3:${f.port}`);
      // the detail of the two not passing, as diagnose shows one target, and none for the passing one
      expect(r.stdout.match(/^healthctl diagnose · .*$/gm)).toEqual([`healthctl diagnose · ${f.url(1)}`, `healthctl diagnose · ${f.url(2)}`]);
      expect(r.stdout).toContain('  kubernetes exit 4 · docker exit 1 · ecs exit 4 · systemd exit 4 · nagios exit 2');
      const json = await runCli(['diagnose', f.url(0), f.url(1), '--runtime', 'plain', '-o', 'json']);
      const doc = JSON.parse(json.stdout);
      expect(fleetValidator()(doc)).toBeNull();
      expect(doc.targets[1].hints.map((h: { id: string }) => h.id)).toContain('ok-status-failing-body');
    } finally {
      await f.close();
    }
  }, 20_000);

  it('--watch piped: one line per replica transition, and Ctrl-C names the replicas that flapped and each one\'s time to ready', async () => {
    const f = await startFleet(['ready', 'ready', 'starting']);
    try {
      const p = start(['diagnose', '--watch', '200ms', f.url(0), f.url(1), f.url(2), '--runtime', 'plain']);
      await p.waitFor(/Z watching 3 targets · readiness · runtime plain \(--runtime\) every 200ms: NOT READY: 2 of 3 targets ready; /);
      setState(f.health(2), 'ready');
      await p.waitFor(/Z fleet: readiness fail → pass: READY: 3 of 3 targets ready\n/);
      setState(f.health(1), 'failing');
      await p.waitFor(/127\.0\.0\.2:\d+\/status: readiness pass → fail: NOT READY: 1 of 2 components not ready: storage\.backend failed: ping postgres: timeout\n/);
      setState(f.health(1), 'ready');
      await p.waitFor(/127\.0\.0\.2:\d+\/status: readiness fail → pass: READY: 2 of 2 components ready\n/);
      p.child.kill('SIGINT');
      const { code } = await p.exited;
      expect(code).toBe(0);
      const out = p.stdout();
      expect(out).toMatch(new RegExp(`\\dZ ${f.url(2).replace(/\./g, '\\.')}: readiness fail → pass: READY: 2 of 2 components ready\n`));
      expect(out).toMatch(
        new RegExp(
          `Watched 3 targets for [\\d.]+m?s \\(\\d+ refreshes\\)\n  time to ready:\n    ${f.url(0).replace(/\./g, '\\.')}: at the first check\n    ${f.url(1).replace(/\./g, '\\.')}: at the first check\n    ${f.url(2).replace(/\./g, '\\.')}: [\\d.]+m?s\n  flapped: ${f.url(1).replace(/\./g, '\\.')} \\(1×\\)\n  last: READY: 3 of 3 targets ready\n$`,
        ),
      );
    } finally {
      await f.close();
    }
  }, 30_000);

  it('--watch TARGET with --each-address: the target after --watch is the one watched (not the default one)', async () => {
    const f = await startFleet(['ready']);
    try {
      const p = start(['diagnose', '--each-address', '--watch', f.url(0), '--runtime', 'plain']);
      await p.waitFor(/Z watching 1 targets · readiness · runtime plain \(--runtime\) every 1000ms: READY: 1 of 1 target ready\n/);
      p.child.kill('SIGINT');
      expect((await p.exited).code).toBe(0);
      expect(p.stdout()).toContain(`${f.url(0)}: at the first check`);
      expect(p.stdout()).not.toContain('28080');
    } finally {
      await f.close();
    }
  }, 20_000);

  it('--watch keeps one connection per https replica across refreshes (undici), and opens one per check over http', async () => {
    const certs = makeTestCerts();
    const counts = new Map<string, number>();
    const serve = async (host: string, tls: boolean): Promise<{ close(): void; url: string }> => {
      const answer = (_req: IncomingMessage, res: ServerResponse): void => void res.writeHead(200, { 'content-type': 'application/health+json' }).end('{"status":"pass"}');
      const server = tls ? createHttpsServer(certs.server, answer) : createServer(answer);
      server.on(tls ? 'secureConnection' : 'connection', () => counts.set(host, (counts.get(host) ?? 0) + 1));
      await new Promise<void>((resolve) => server.listen(0, host, resolve));
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      return { close: () => server.close(), url: `${tls ? 'https' : 'http'}://${host}:${port}/health` };
    };
    const watch = async (urls: string[], env: NodeJS.ProcessEnv): Promise<{ refreshes: number; connections: number[] }> => {
      counts.clear();
      const tls = urls[0]?.startsWith('https:') === true ? ['--cacert', certs.caPath] : [];
      const p = start(['diagnose', '--watch', '100ms', ...urls, '--runtime', 'plain', ...tls], env);
      await p.waitFor(/every 100ms: READY: 3 of 3 targets ready\n/);
      await new Promise((resolve) => setTimeout(resolve, 1000));
      p.child.kill('SIGINT');
      await p.exited;
      const refreshes = Number(/\((\d+) refreshes\)/.exec(p.stdout())?.[1]);
      expect(refreshes).toBeGreaterThan(3);
      return { refreshes, connections: [...counts.values()] };
    };
    // 127.0.0.1 only: the test certificate names 127.0.0.1 and localhost.
    const https = await Promise.all([0, 1, 2].map(() => serve('127.0.0.1', true)));
    const http = await Promise.all(REPLICA_HOSTS.map((host) => serve(host, false)));
    try {
      const kept = await watch(https.map((s) => s.url), {});
      // The standalone executable (Bun) has no undici: a connection per check there.
      if (BUILD_UNDER_TEST === 'npm') expect(kept.connections).toEqual([3]);
      else expect(kept.connections[0]).toBeGreaterThanOrEqual(3 * kept.refreshes);
      const own = await watch(https.map((s) => s.url), { HEALTHCTL_HTTP_CLIENT: 'healthctl' });
      expect(own.connections[0]).toBeGreaterThanOrEqual(3 * own.refreshes);
      const plain = await watch(http.map((s) => s.url), {});
      for (const n of plain.connections) expect(n).toBeGreaterThanOrEqual(plain.refreshes);
      const asked = await watch(http.map((s) => s.url), { HEALTHCTL_HTTP_CLIENT: 'undici' });
      if (BUILD_UNDER_TEST === 'npm') expect(asked.connections).toEqual([1, 1, 1]);
    } finally {
      for (const s of [...https, ...http]) s.close();
    }
  }, 40_000);

  describe.skipIf(skipTmux)('in a terminal (tmux)', () => {
    it('--watch refreshes the table in place, marks the replica that changed, and Ctrl-C shows the summary', async () => {
      const f = await startFleet(['ready', 'failing', 'starting']);
      try {
        run('fleet', `diagnose ${f.url(0)} ${f.url(1)} ${f.url(2)} --runtime kubernetes --watch 300ms`);
        const first = await until('fleet', /NOT READY: 1 of 3 targets ready/);
        expect(first[0]).toBe('healthctl diagnose · 3 targets · readiness · runtime kubernetes (--runtime) · deadline 800ms');
        expect(first.join('\n')).toMatch(/^ {3}TARGET\s+STARTUP\s+LIVENESS\s+READINESS\s+FORMAT\s+FAILING\s+LATENCY$/m);
        expect(state('fleet')).toEqual({ history: 0, alternate: true });

        setState(f.health(2), 'ready');
        const changed = await until('fleet', /^»✓ http:\/\/127\.0\.0\.3/m);
        expect(changed.join('\n')).toMatch(/Recent transitions\n(.*\n)*\s+\d\d:\d\d:\d\d http:\/\/127\.0\.0\.3:\d+\/status: readiness fail → pass: READY: 2 of 2 components ready/);
        // the mark lasts one refresh
        await until('fleet', /^ ✓ http:\/\/127\.0\.0\.3/m);
        setState(f.health(1), 'ready');
        const ready = await until('fleet', /READY: 3 of 3 targets ready/);
        expect(ready.filter((l) => l.startsWith('healthctl diagnose'))).toHaveLength(1);
        expect(state('fleet').history).toBe(0);

        tmux('send-keys', '-t', 'fleet', 'C-c');
        const end = (await until('fleet', /EXITED \d+/)).join('\n');
        expect(end).toMatch(/Watched 3 targets for [\d.]+m?s \(\d+ refreshes\)\n {2}time to ready:\n {4}http:\/\/127\.0\.0\.1:\d+\/status: at the first check\n {4}http:\/\/127\.0\.0\.2:\d+\/status: [\d.]+m?s\n {4}http:\/\/127\.0\.0\.3:\d+\/status: [\d.]+m?s\n {2}flapped: none\n {2}last: READY: 3 of 3 targets ready\nEXITED 0/);
        expect(state('fleet').alternate).toBe(false);
      } finally {
        killTmuxServer();
        await f.close();
      }
    }, 60_000);
  });
});
