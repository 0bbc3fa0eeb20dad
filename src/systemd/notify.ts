import { spawn, type ChildProcessByStdio, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import { makeAscii, makeInert } from '../base/inert.js';
import { encodeMessage, type NotifyMessage } from './messages.js';
import { PYTHON_HELPER } from './python-helper.js';

export const NOTIFY_SENDERS = ['python3', 'systemd-notify'] as const;
export type NotifySenderName = (typeof NOTIFY_SENDERS)[number];

/** Delivers sd_notify messages in order, one at a time; never throws, reports trouble through `log`. */
export interface Notifier {
  readonly sender: NotifySenderName;
  /** True once the message (or, when a sender refused it, its ASCII form) was delivered; false when it could not be. Never rejects. */
  send(m: NotifyMessage): Promise<boolean>;
  /** Waits for everything queued, then lets the helper confirm delivery (barrier) and exit. */
  close(): Promise<void>;
}

/** `refused`: the sender would not send this text (a NUL, half a surrogate pair); otherwise sending itself failed. */
type Outcome = { ok: true } | { ok: false; error: string; senderGone: boolean; refused: boolean };

interface Sender {
  readonly name: NotifySenderName;
  deliver(text: string): Promise<Outcome>;
  close(): Promise<void>;
}

const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** Why a datagram cannot go out as it is, or null. */
function refusal(text: string): string | null {
  if (text.includes('\0')) return 'the message holds a NUL byte, which systemd ignores';
  if (LONE_SURROGATE.test(text)) return 'the message is not valid text (half a surrogate pair)';
  return null;
}

/** systemd-notify per message: its default barrier (systemd 246+) waits until the manager has read the message. */
function spawnSender(env: NodeJS.ProcessEnv): Sender {
  return {
    name: 'systemd-notify',
    deliver: (text) =>
      new Promise((resolve) => {
        // As the python3 helper does: refuse what systemd would drop, and never let spawn() replace half a pair silently.
        const refused = refusal(text);
        if (refused !== null) return resolve({ ok: false, error: `systemd-notify: ${refused}`, senderGone: false, refused: true });
        let child: ChildProcessByStdio<null, null, Readable>;
        try {
          child = spawn('systemd-notify', text.split('\n'), { env, stdio: ['ignore', 'ignore', 'pipe'] });
        } catch (error: unknown) {
          // spawn() throws at once for an argument it cannot pass (a NUL): that message is refused, the sender is fine.
          resolve({ ok: false, error: `systemd-notify: ${error instanceof Error ? error.message : String(error)}`, senderGone: false, refused: true });
          return;
        }
        let stderr = '';
        child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
        child.on('error', (e) => resolve({ ok: false, error: `cannot run systemd-notify: ${e.message}`, senderGone: true, refused: false }));
        child.on('close', (code) => resolve(code === 0 ? { ok: true } : { ok: false, error: `systemd-notify: ${stderr.trim() || `exit ${String(code)}`}`, senderGone: false, refused: false }));
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
    for (const reply of replies.splice(0)) reply({ ok: false, error: why, senderGone: true, refused: false });
  };
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  child.on('error', (e) => fail(`cannot run python3: ${e.message}`));
  child.on('close', (code) => fail(`python3 notify helper exited (${String(code)}): ${stderr.trim().split('\n').pop() ?? ''}`));
  child.stdin.on('error', () => {});
  createInterface({ input: child.stdout }).on('line', (line) => {
    if (line === 'started') return;
    const refused = line.startsWith('refused ');
    replies.shift()?.(line === 'ok' ? { ok: true } : { ok: false, error: line.replace(/^(error|refused) /, 'notify: '), senderGone: false, refused });
  });
  return {
    name: 'python3',
    deliver: (text) =>
      new Promise((resolve) => {
        if (gone !== null) return resolve({ ok: false, error: gone, senderGone: true, refused: false });
        replies.push(resolve);
        child.stdin.write(`${JSON.stringify(text)}\n`);
      }),
    close: async () => {
      child.stdin.end();
      await Promise.race([exited, new Promise((r) => setTimeout(r, 6000).unref())]);
    },
  };
}

/** Logs each distinct line once: a sender that keeps failing the same way says so once, not per message. */
function onceEach(log: (line: string) => void): (line: string) => void {
  const seen = new Set<string>();
  return (line) => {
    if (seen.has(line)) return;
    // Bounded: a failure text that changes every time (an exit status, a position) cannot grow this without end.
    if (seen.size < 100) seen.add(line);
    log(line);
  };
}

/**
 * A notifier for `$NOTIFY_SOCKET`, or null when there is none (not started by systemd).
 * python3 when present (a message in about a millisecond), else systemd-notify per message;
 * `HEALTHCTL_NOTIFY_SENDER` picks one.
 */
export function createNotifier(env: NodeJS.ProcessEnv, logLine: (line: string) => void): Notifier | null {
  // Sender errors can quote the message, and the message quotes the service.
  const log = (line: string): void => logLine(makeInert(line));
  const socket = env['NOTIFY_SOCKET'];
  if (socket === undefined || socket === '') return null;
  const forced = env['HEALTHCTL_NOTIFY_SENDER'];
  const wanted: NotifySenderName = forced === 'systemd-notify' ? 'systemd-notify' : 'python3';
  if (forced !== undefined && forced !== '' && !NOTIFY_SENDERS.some((n) => n === forced)) {
    log(`HEALTHCTL_NOTIFY_SENDER: '${forced}' is not one of ${NOTIFY_SENDERS.join(', ')}; using python3`);
  }
  let sender: Sender = wanted === 'python3' ? pythonSender(env) : spawnSender(env);
  let queue: Promise<boolean> = Promise.resolve(true);
  const logOnce = onceEach(log);

  const attempt = async (text: string): Promise<Outcome> => {
    let outcome = await sender.deliver(text);
    if (!outcome.ok && outcome.senderGone && sender.name === 'python3') {
      logOnce(`${outcome.error}; sending with systemd-notify instead`);
      sender = spawnSender(env);
      outcome = await sender.deliver(text);
    }
    return outcome;
  };

  const deliver = async (m: NotifyMessage): Promise<boolean> => {
    const text = encodeMessage(m);
    let outcome = await attempt(text);
    const ascii = encodeMessage(m.map(makeAscii));
    if (!outcome.ok && outcome.refused && ascii !== text) {
      // The sender refused this text: the protocol keys still have to arrive, with the text made safe.
      // A send that failed for any other reason (no socket) would fail the same way as ASCII.
      log(`${m[0] ?? 'a message'} not sent as it was (${outcome.error}); sending it again with its text as ASCII escapes`);
      outcome = await attempt(ascii);
    }
    if (!outcome.ok) logOnce(`cannot notify systemd at ${socket}: ${outcome.error}`);
    return outcome.ok;
  };

  return {
    get sender() {
      return sender.name;
    },
    send(m) {
      // Never a rejected link: one failure must not silence every message queued after it.
      queue = queue.then(() => deliver(m)).catch((error: unknown) => {
        logOnce(`cannot notify systemd at ${socket}: ${error instanceof Error ? error.message : String(error)}`);
        return false;
      });
      return queue;
    },
    async close() {
      await queue;
      await sender.close();
    },
  };
}
