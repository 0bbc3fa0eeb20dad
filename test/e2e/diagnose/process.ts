import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { cliCommand } from '../../helpers/cli.js';

/** The built binary as a long-running process: read its output as it comes, signal it, wait for its end. */
export interface Running {
  child: ChildProcessWithoutNullStreams;
  stdout(): string;
  stderr(): string;
  /** Resolves once stdout matches; rejects after `ms`, showing what was printed. */
  waitFor(pattern: RegExp, ms?: number): Promise<RegExpMatchArray>;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

export function start(args: readonly string[], env: NodeJS.ProcessEnv = {}): Running {
  const clean: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (!/^(HEALTHCTL_|KUBERNETES_|ECS_|INVOCATION_ID$|NOTIFY_SOCKET$|NO_COLOR$|FORCE_COLOR$|HTTPS?_PROXY$|https?_proxy$)/.test(k)) clean[k] = v;
  }
  const child = spawn(...cliCommand(args), { env: { ...clean, ...env }, stdio: ['pipe', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout.setEncoding('utf8').on('data', (d: string) => (out += d));
  child.stderr.setEncoding('utf8').on('data', (d: string) => (err += d));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.on('close', (code, signal) => resolve({ code, signal })));
  return {
    child,
    stdout: () => out,
    stderr: () => err,
    waitFor: (pattern, ms = 10_000) =>
      new Promise((resolve, reject) => {
        const started = Date.now();
        const poll = setInterval(() => {
          const match = pattern.exec(out);
          if (match !== null) {
            clearInterval(poll);
            resolve(match);
          } else if (Date.now() - started > ms || child.exitCode !== null) {
            clearInterval(poll);
            reject(new Error(`no ${pattern} in stdout after ${Date.now() - started}ms:\n${out}\nstderr:\n${err}`));
          }
        }, 25);
      }),
    exited,
  };
}
