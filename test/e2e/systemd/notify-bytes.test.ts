import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliCommand } from '../../helpers/cli.js';
import { closedPort, serveBody, type TestServer } from '../../helpers/http-server.js';
import { notifyToolsMissing, receiver } from '../../helpers/notify-receiver.js';
import { checkComponent } from '../../helpers/require-component.js';
import { createNotifier } from '../../../src/systemd/notify.js';

const FIXTURE = fileURLToPath(new URL('./fixtures/sample-service.mjs', import.meta.url));
const skip = checkComponent('systemd', notifyToolsMissing());

interface RunProcess {
  child: ChildProcess;
  exit: Promise<number | null>;
  stderr: () => string;
}

/** `healthctl run ARGS…` with this environment; stderr collected, stdout piped for whoever reads it. */
function spawnRun(args: readonly string[], env: NodeJS.ProcessEnv): RunProcess {
  const child = spawn(...cliCommand(['run', ...args]), { env: { PATH: process.env['PATH'], ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr?.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  const exit = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
  return { child, exit, stderr: () => stderr };
}

function startRun(env: NodeJS.ProcessEnv, port: number, extra: string[] = []): RunProcess {
  const run = spawnRun(['--target', `http://127.0.0.1:${port}/status`, ...extra, '--', process.execPath, FIXTURE, String(port), '400'], env);
  run.child.stdout?.resume();
  return run;
}

const READY = 'READY=1\nSTATUS=READY: 8 of 8 components ready';

// One folder for every socket of this file.
let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'healthctl-notify-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe.skipIf(skip !== null)('sd_notify datagrams, byte for byte', () => {
  const cases = [
    { sender: 'python3', socket: 'path' },
    { sender: 'python3', socket: 'abstract' },
    { sender: 'systemd-notify', socket: 'path' },
    { sender: 'systemd-notify', socket: 'abstract' },
  ] as const;

  it.each(cases)('$sender to a $socket socket: EXTEND, WATCHDOG, READY, RELOADING + MONOTONIC_USEC, READY, STOPPING, barrier', async ({ sender, socket }) => {
    const address = socket === 'path' ? join(dir, `${sender}.sock`) : `@healthctl-test-${process.pid}-${sender}`;
    const rx = await receiver(address);
    const port = await closedPort();
    const run = startRun({ NOTIFY_SOCKET: address, WATCHDOG_USEC: '600000', HEALTHCTL_NOTIFY_SENDER: sender }, port);
    try {
      await rx.next((d) => d.data === READY);
      await rx.next((d) => d.data === 'WATCHDOG=1');
      run.child.kill('SIGHUP');
      const reloading = await rx.next((d) => d.data.startsWith('RELOADING=1'));
      await rx.next((d) => d.data === READY);
      run.child.kill('SIGTERM');
      expect(await run.exit).toBe(0);
      const texts = rx.datagrams.map((d) => d.data);

      expect(texts).toContainEqual(expect.stringMatching(/^EXTEND_TIMEOUT_USEC=30000000\nSTATUS=NOT READY: [1-8] of 8 components not ready: [^\n]+$/));
      const match = /^RELOADING=1\nMONOTONIC_USEC=(\d+)\nSTATUS=reloading: SIGHUP sent to the service$/.exec(reloading.data);
      expect(match, reloading.data).not.toBeNull();
      // The same clock as systemd's: CLOCK_MONOTONIC, taken when SIGHUP arrived (a queued sender may deliver it later).
      const lag = reloading.monoUsec - Number(match?.[1]);
      expect(lag).toBeGreaterThanOrEqual(0);
      expect(lag).toBeLessThan(3_000_000);
      expect(texts).toContain(`STOPPING=1\nSTATUS=stopping: SIGTERM sent to ${process.execPath}`);

      const order = ['READY=1', 'RELOADING=1', 'READY=1', 'STOPPING=1'].reduce<number>((at, prefix) => {
        const i = texts.findIndex((t, k) => k > at && t.startsWith(prefix));
        expect(i, `${prefix} after datagram ${at}: ${JSON.stringify(texts)}`).toBeGreaterThan(at);
        return i;
      }, -1);
      expect(order).toBeGreaterThan(0);
      // Every datagram is one of the protocol's, nothing else.
      for (const t of texts) expect(t).toMatch(/^(READY=1\nSTATUS=|STATUS=|WATCHDOG=1$|EXTEND_TIMEOUT_USEC=\d+\nSTATUS=|RELOADING=1\nMONOTONIC_USEC=\d+\nSTATUS=|STOPPING=1\nSTATUS=|BARRIER=1$)/);
      // The barrier closes the stream: nothing the sender sent can be lost when it exits.
      const barriers = rx.datagrams.filter((d) => d.data === 'BARRIER=1');
      expect(barriers.length).toBeGreaterThan(0);
      for (const b of barriers) expect(b.fds).toBe(1);
      if (sender === 'systemd-notify') expect(barriers.length).toBe(texts.length / 2);
      else expect(barriers).toHaveLength(1);
    } finally {
      run.child.kill('SIGKILL');
      rx.stop();
    }
  });

  it('no WATCHDOG=1 when WATCHDOG_PID names another process', async () => {
    const address = join(dir, 'watchdog-pid.sock');
    const rx = await receiver(address);
    const port = await closedPort();
    const run = startRun({ NOTIFY_SOCKET: address, WATCHDOG_USEC: '200000', WATCHDOG_PID: '1' }, port);
    try {
      await rx.next((d) => d.data === READY);
      await new Promise((r) => setTimeout(r, 600));
      run.child.kill('SIGTERM');
      expect(await run.exit).toBe(0);
      expect(rx.datagrams.map((d) => d.data)).not.toContain('WATCHDOG=1');
    } finally {
      run.child.kill('SIGKILL');
      rx.stop();
    }
  });

  it('STATUS= goes back to a clean ready line after a failure clears, and WATCHDOG=1 stops while a --critical component fails', async () => {
    const address = join(dir, 'recovery.sock');
    const rx = await receiver(address);
    const port = await closedPort();
    const run = startRun({ NOTIFY_SOCKET: address, WATCHDOG_USEC: '400000' }, port, ['--critical', 'storage.backend']);
    const set = (body: object): Promise<Response> => fetch(`http://127.0.0.1:${port}/control/components/storage.backend`, { method: 'PUT', body: JSON.stringify(body) });
    try {
      await rx.next((d) => d.data === READY);
      await set({ status: 'RUNNING', error: 'disk full' });
      await rx.next((d) => d.data === 'STATUS=NOT READY: 1 of 8 components not ready: storage.backend failed: disk full');
      const failedAt = rx.datagrams.length;
      await new Promise((r) => setTimeout(r, 700));
      expect(rx.datagrams.slice(failedAt).map((d) => d.data)).not.toContain('WATCHDOG=1');
      await set({ status: 'RUNNING', error: null });
      await rx.next((d) => d.data === 'STATUS=READY: 8 of 8 components ready');
      await rx.next((d) => d.data === 'WATCHDOG=1');
      run.child.kill('SIGTERM');
      expect(await run.exit).toBe(0);
    } finally {
      run.child.kill('SIGKILL');
      rx.stop();
    }
  });
});

/** A health+json service that is up but degraded, its warning text `output`: READY=1 carries that text in STATUS=. */
function degradedService(output: string): Promise<TestServer> {
  return serveBody(200, 'application/health+json', JSON.stringify({ status: 'warn', checks: { redis: [{ status: 'warn', output }], pg: [{ status: 'pass' }] } }));
}

/** `healthctl run` over a child that stays up until SIGTERM; `up` once the child listens for it. */
function runOver(target: string, env: NodeJS.ProcessEnv): RunProcess & { up: Promise<void> } {
  const run = spawnRun(['--target', target, '--', process.execPath, '-e', "process.on('SIGTERM', () => process.exit(0)); setInterval(() => {}, 1000); console.log('up')"], env);
  const up = new Promise<void>((resolve) => run.child.stdout?.setEncoding('utf8').on('data', (d: string) => d.includes('up') && resolve()));
  return { ...run, up };
}

describe.skipIf(skip !== null)('READY=1 is never lost to what the service says', () => {
  const HOSTILE = 'bad \ud800 half, nul \0 byte, \x1b[2J clear\nREADY: forged';
  const STATUS = 'STATUS=READY (degraded): service reports warn; 1 component degraded: redis degraded: bad \\ud800 half, nul \\x00 byte, \\x1b[2J clear\\nREADY: forged';

  it.each(['python3', 'systemd-notify'])('%s: a lone surrogate, a NUL, an escape and a newline in the service\'s text: READY=1 arrives, STATUS= one inert line', async (sender) => {
    const service = await degradedService(HOSTILE);
    const address = join(dir, `hostile-text-${sender}.sock`);
    const rx = await receiver(address);
    const run = runOver(`${service.url}/health`, { NOTIFY_SOCKET: address, HEALTHCTL_NOTIFY_SENDER: sender });
    try {
      const ready = await rx.next((d) => d.data.startsWith('READY=1'));
      expect(ready.data).toBe(`READY=1\n${STATUS}`);
      await waitUntil(() => run.stderr().includes('ready: READY=1 sent'));
      await run.up;
      run.child.kill('SIGTERM');
      expect(await run.exit).toBe(0);
      expect(run.stderr()).not.toMatch(/cannot notify|not sent/);
      expect(run.stderr()).toContain('healthctl run: READY (degraded): service reports warn; 1 component degraded: redis degraded: bad \\ud800 half, nul \\x00 byte, \\x1b[2J clear\\nREADY: forged\n');
    } finally {
      run.child.kill('SIGKILL');
      rx.stop();
      await service.close();
    }
  });

  it('never says "READY=1 sent" when it could not be sent', async () => {
    const service = await serveBody(200, 'text/plain', JSON.stringify({ statuses: { a: { status: 'RUNNING' } }, checks: ['a'] }));
    const run = runOver(`${service.url}/status`, { NOTIFY_SOCKET: join(dir, 'nobody-listens.sock') });
    try {
      await waitUntil(() => run.stderr().includes('ready, but READY=1 could not be sent'));
      await run.up;
      run.child.kill('SIGTERM');
      expect(await run.exit).toBe(0);
      expect(run.stderr()).not.toContain('READY=1 sent');
      // Every later message fails the same way: said once.
      expect(run.stderr().match(/cannot notify systemd at /g)).toHaveLength(1);
    } finally {
      run.child.kill('SIGKILL');
      await service.close();
    }
  });
});

describe.skipIf(skip !== null)('a message a sender refuses is sent again with its text made safe', () => {
  // The message as no part of healthctl builds it any more (STATUS= is made inert first): what each sender does with raw text.
  const raw = {
    'a lone surrogate': { status: 'STATUS=half \ud800 pair', safe: 'STATUS=half \\ud800 pair' },
    'a NUL': { status: 'STATUS=nul \0 byte', safe: 'STATUS=nul \\x00 byte' },
  };

  for (const sender of ['python3', 'systemd-notify'] as const) {
    for (const [what, { status, safe }] of Object.entries(raw)) {
      it(`${sender}, ${what}: the protocol keys arrive, the text as ASCII escapes; the journal says so; nothing throws`, async () => {
        const address = join(dir, `${sender}-${what.replace(/\W/g, '')}.sock`);
        const rx = await receiver(address);
        const lines: string[] = [];
        const notifier = createNotifier({ PATH: process.env['PATH'], NOTIFY_SOCKET: address, HEALTHCTL_NOTIFY_SENDER: sender }, (l) => lines.push(l));
        try {
          expect(await notifier?.send(['READY=1', status])).toBe(true);
          expect(await notifier?.send(['WATCHDOG=1'])).toBe(true);
          await notifier?.close();
          const texts = rx.datagrams.map((d) => d.data).filter((t) => t !== 'BARRIER=1');
          expect(texts).toEqual([`READY=1\n${safe}`, 'WATCHDOG=1']);
          expect(lines.join('\n')).toMatch(/^READY=1 not sent as it was \(.+\); sending it again with its text as ASCII escapes$/);
          expect(notifier?.sender).toBe(sender);
        } finally {
          rx.stop();
        }
      });
    }
  }

  for (const sender of ['python3', 'systemd-notify'] as const) {
    it(`${sender}, no one listening: text that is not ASCII is not sent twice, and the failure is said once`, async () => {
      const lines: string[] = [];
      const notifier = createNotifier({ PATH: process.env['PATH'], NOTIFY_SOCKET: join(dir, `${sender}-nobody.sock`), HEALTHCTL_NOTIFY_SENDER: sender }, (l) => lines.push(l));
      expect(await notifier?.send(['READY=1', 'STATUS=READY (degraded): disk → 91 %…'])).toBe(false);
      expect(await notifier?.send(['STATUS=NOT READY: café…'])).toBe(false);
      await notifier?.close();
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(/^cannot notify systemd at /);
    });
  }

  it('python3 reads bytes, whatever its locale: text it could not decode as ASCII is sent exactly', async () => {
    const address = join(dir, 'ascii-locale.sock');
    const rx = await receiver(address);
    const lines: string[] = [];
    const notifier = createNotifier({ PATH: process.env['PATH'], NOTIFY_SOCKET: address, PYTHONIOENCODING: 'ascii', LANG: 'C', LC_ALL: 'C' }, (l) => lines.push(l));
    try {
      expect(await notifier?.send(['STATUS=naïve café — ok'])).toBe(true);
      await notifier?.close();
      expect(rx.datagrams.map((d) => d.data)).toEqual(['STATUS=naïve café — ok', 'BARRIER=1']);
      expect(lines).toEqual([]);
      expect(notifier?.sender).toBe('python3');
    } finally {
      rx.stop();
    }
  });
});

async function waitUntil(ok: () => boolean, ms = 10_000): Promise<void> {
  const until = Date.now() + ms;
  while (!ok()) {
    if (Date.now() > until) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 25));
  }
}
