import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { createInterface } from 'node:readline';
import { encodeMessage, type NotifyMessage } from './messages.js';
import { PYTHON_HELPER } from './python-helper.js';

export const NOTIFY_SENDERS = ['python3', 'systemd-notify'] as const;
export type NotifySenderName = (typeof NOTIFY_SENDERS)[number];

/** Delivers sd_notify messages in order, one at a time; never throws, reports trouble through `log`. */
export interface Notifier {
  readonly sender: NotifySenderName;
  send(m: NotifyMessage): Promise<void>;
  /** Waits for everything queued, then lets the helper confirm delivery (barrier) and exit. */
  close(): Promise<void>;
}

type Outcome = { ok: true } | { ok: false; error: string; senderGone: boolean };

interface Sender {
  readonly name: NotifySenderName;
  deliver(text: string): Promise<Outcome>;
  close(): Promise<void>;
}

/** systemd-notify per message: its default barrier (systemd 246+) waits until the manager has read the message. */
function spawnSender(env: NodeJS.ProcessEnv): Sender {
  return {
    name: 'systemd-notify',
    deliver: (text) =>
      new Promise((resolve) => {
        const child = spawn('systemd-notify', text.split('\n'), { env, stdio: ['ignore', 'ignore', 'pipe'] });
        let stderr = '';
        child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
        child.on('error', (e) => resolve({ ok: false, error: `cannot run systemd-notify: ${e.message}`, senderGone: true }));
        child.on('close', (code) => resolve(code === 0 ? { ok: true } : { ok: false, error: `systemd-notify: ${stderr.trim() || `exit ${String(code)}`}`, senderGone: false }));
      }),
    close: async () => {},
  };
}

/** One python3 process for the whole run: a message costs a pipe write, not a process start. */
function pythonSender(env: NodeJS.ProcessEnv): Sender {
  // The script travels in the environment so `ps` and `systemctl status` show one short line.
  const child: ChildProcessWithoutNullStreams = spawn('python3', ['-u', '-c', 'import os; exec(os.environ.pop("HEALTHCTL_NOTIFY_HELPER"))', 'healthctl-notify'], {
    env: { ...env, HEALTHCTL_NOTIFY_HELPER: PYTHON_HELPER },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  const replies: Array<(o: Outcome) => void> = [];
  let gone: string | null = null;
  const exited = new Promise<void>((resolve) => child.on('close', () => resolve()));
  const fail = (why: string): void => {
    gone ??= why;
    for (const reply of replies.splice(0)) reply({ ok: false, error: why, senderGone: true });
  };
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  child.on('error', (e) => fail(`cannot run python3: ${e.message}`));
  child.on('close', (code) => fail(`python3 notify helper exited (${String(code)}): ${stderr.trim().split('\n').pop() ?? ''}`));
  child.stdin.on('error', () => {});
  createInterface({ input: child.stdout }).on('line', (line) => {
    if (line === 'started') return;
    replies.shift()?.(line === 'ok' ? { ok: true } : { ok: false, error: line.replace(/^error /, 'notify: '), senderGone: false });
  });
  return {
    name: 'python3',
    deliver: (text) =>
      new Promise((resolve) => {
        if (gone !== null) return resolve({ ok: false, error: gone, senderGone: true });
        replies.push(resolve);
        child.stdin.write(`${JSON.stringify(text)}\n`);
      }),
    close: async () => {
      child.stdin.end();
      await Promise.race([exited, new Promise((r) => setTimeout(r, 6000).unref())]);
    },
  };
}

/**
 * A notifier for `$NOTIFY_SOCKET`, or null when there is none (not started by systemd).
 * python3 when present (a message in about a millisecond), else systemd-notify per message;
 * `HEALTHCTL_NOTIFY_SENDER` picks one.
 */
export function createNotifier(env: NodeJS.ProcessEnv, log: (line: string) => void): Notifier | null {
  const socket = env['NOTIFY_SOCKET'];
  if (socket === undefined || socket === '') return null;
  const forced = env['HEALTHCTL_NOTIFY_SENDER'];
  const wanted: NotifySenderName = forced === 'systemd-notify' ? 'systemd-notify' : 'python3';
  if (forced !== undefined && forced !== '' && !NOTIFY_SENDERS.some((n) => n === forced)) {
    log(`HEALTHCTL_NOTIFY_SENDER: '${forced}' is not one of ${NOTIFY_SENDERS.join(', ')}; using python3`);
  }
  let sender: Sender = wanted === 'python3' ? pythonSender(env) : spawnSender(env);
  let queue: Promise<void> = Promise.resolve();
  let lastError: string | null = null;

  const deliver = async (text: string): Promise<void> => {
    let outcome = await sender.deliver(text);
    if (!outcome.ok && outcome.senderGone && sender.name === 'python3') {
      log(`${outcome.error}; sending with systemd-notify instead`);
      sender = spawnSender(env);
      outcome = await sender.deliver(text);
    }
    if (!outcome.ok && outcome.error !== lastError) log(`cannot notify systemd at ${socket}: ${outcome.error}`);
    lastError = outcome.ok ? null : outcome.error;
  };

  return {
    get sender() {
      return sender.name;
    },
    send(m) {
      queue = queue.then(() => deliver(encodeMessage(m)));
      return queue;
    },
    async close() {
      await queue;
      await sender.close();
    },
  };
}
