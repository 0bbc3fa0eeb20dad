import { describe, expect, it } from 'vitest';
import { DEFAULT_DEADLINE_MS } from '../../../src/runtimes/facts.js';
import { runCli, runCliInTerminal } from '../../helpers/cli.js';
import { setState, startFleet } from '../../helpers/fleet.js';
import { fleetValidator } from '../../unit/fleet/support.js';
import { start } from '../diagnose/process.js';

describe('wait over three replicas', () => {
  it('polls each on its own until the last one turns ready, then exits 0', async () => {
    const f = await startFleet(['ready', 'ready', 'starting']);
    try {
      const p = start(['wait', f.url(0), f.url(1), f.url(2), '--runtime', 'plain', '--timeout', '30s']);
      await p.waitFor(/127\.0\.0\.3:\d+\/status: NOT READY: 1 of 2 components not ready: storage\.backend starting\n/);
      expect(p.child.exitCode).toBeNull();
      setState(f.health(2), 'ready');
      const { code } = await p.exited;
      expect(code, p.stdout() + p.stderr()).toBe(0);
      const lines = p.stdout().trimEnd().split('\n');
      expect(lines.at(-2)).toMatch(/^\[\+[\d.]+s\] http:\/\/127\.0\.0\.3:\d+\/status: READY: 2 of 2 components ready$/);
      expect(lines.at(-1)).toMatch(/^\[\+[\d.]+s\] READY: 3 of 3 targets ready$/);
      expect(p.stderr()).toBe('');
    } finally {
      await f.close();
    }
  }, 40_000);

  it('on a terminal: one line redrawn in place, the fleet\'s summary last', async () => {
    const f = await startFleet(['ready', 'ready', 'ready']);
    try {
      const r = await runCliInTerminal(['wait', f.url(0), f.url(1), f.url(2), '--runtime', 'plain', '--timeout', '20s']);
      expect(r.code).toBe(0);
      expect(r.stdout).toMatch(/\r\x1b\[KREADY: 3 of 3 targets ready\r?\n$/);
      expect(r.stdout).not.toContain('[+');
    } finally {
      await f.close();
    }
  }, 30_000);

  it('when the wait runs out: the fleet\'s exit code, and the targets still failing named on stderr', async () => {
    const f = await startFleet(['ready', 'failing', 'silent']);
    try {
      const r = await runCli(['wait', f.url(0), f.url(1), f.url(2), '--runtime', 'kubernetes', '--timeout', '2s', '--request-timeout', '500ms']);
      expect(r.code).toBe(4);
      expect(r.stderr).toBe(`still not ready after 2s: 1 of 3 targets ready; ${f.url(1)}: storage.backend failed: ping postgres: timeout; ${f.url(2)}: TIMEOUT: timeout after 500ms waiting for first byte from 127.0.0.3:${f.port}\n`);
    } finally {
      await f.close();
    }
  }, 20_000);

  it('--require 2 holds as soon as two replicas pass; -o json prints the fleet document', async () => {
    const f = await startFleet(['ready', 'silent', 'ready']);
    try {
      const r = await runCli(['wait', f.url(0), f.url(1), f.url(2), '--require', '2', '--runtime', 'docker', '--timeout', '20s', '-o', 'json']);
      expect(r.code, r.stderr).toBe(0);
      const doc = JSON.parse(r.stdout);
      expect(fleetValidator()(doc)).toBeNull();
      expect(doc).toMatchObject({ held: true, outcome: 'warn', exitCode: 0, require: '2', counts: { passing: 2, required: 2 } });
      // It did not wait for the silent replica's own deadline (docker's is 24 s).
      expect(r.ms).toBeLessThan(DEFAULT_DEADLINE_MS.docker / 2);
    } finally {
      await f.close();
    }
  }, 30_000);
});
