import { describe, expect, it } from 'vitest';
import { runCli, type CliResult } from '../../helpers/cli.js';
import { closedPort } from '../../helpers/http-server.js';
import { shellWords } from '../../helpers/shell-words.js';
import { start } from './process.js';

describe('healthctl demo without a terminal', () => {
  it('prints transitions until the sample service is ready, then drains it and exits 0', async () => {
    const r = await runCli(['demo', '--ready-after', '1s', '--runtime', 'plain'], { killAfterMs: 20_000 });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^sample service listening on http:\/\/127\.0\.0\.1:\d+\n/);
    expect(r.stdout).toMatch(/Z watching http:\/\/127\.0\.0\.1:\d+\/status every 500ms \(readiness, runtime plain\): NOT READY: /);
    expect(r.stdout).toMatch(/Z proxy\.service (unavailable|starting) → running\n/);
    expect(r.stdout).toMatch(/Z readiness fail → pass: READY: 8 of 8 components ready\n/);
    expect(r.stdout).toMatch(/Watched for [\d.]+m?s \(\d+ checks\)\n {2}time to ready: [\d.]+m?s\n {2}transitions: \d+\n {2}flapped: none\n {2}last: READY: 8 of 8 components ready\nsample service stopping: draining for 1500 ms\nsample service stopped\n$/);
  });
});

/** A suggested command, run as printed; a generous per-check deadline so a busy machine does not turn it into a timeout. */
const run = (args: string[]): Promise<CliResult> => runCli(args, { env: { HEALTHCTL_TIMEOUT: '5s' } });

/** What each comment in the `demo --serve` banner promises, checked against the command on its line. */
const PROMISES: Array<[comment: RegExp, check: (args: string[], probe: () => Promise<CliResult>) => Promise<void>]> = [
  [
    /^returns as soon as it is ready$/,
    async (args) => {
      const r = await run(args);
      expect(r.code).toBe(0);
      expect(r.stdout.trimEnd().split('\n').at(-1)).toMatch(/READY: 8 of 8 components ready$/);
    },
  ],
  [/^exit 0 when ready$/, async (args) => expect((await run(args)).code).toBe(0)],
  [
    /^the live view, until Ctrl-C$/,
    async (args) => {
      const watch = start(args, { HEALTHCTL_TIMEOUT: '5s' });
      await watch.waitFor(/Z watching http:\/\/127\.0\.0\.1:\d+\/status every 1000ms/);
      watch.child.kill('SIGINT');
      expect(await watch.exited).toMatchObject({ code: 0 });
      expect(watch.stdout()).toMatch(/\nWatched for [\d.]+m?s \(\d+ checks?\)\n/);
    },
  ],
  [
    /^make it fail, until undone$/,
    async (args, probe) => {
      const r = await run(args);
      expect(r).toMatchObject({ code: 0, stderr: '' });
      expect(r.stdout).toMatch(/^storage\.backend: RUNNING, error: ping postgres: timeout; kept until healthctl demo set storage\.backend auto --port \d+\n$/);
      const failing = await probe();
      expect(failing.code).toBe(4);
      expect(failing.stdout).toMatch(/^NOT READY: 1 of 8 components not ready: storage\.backend failed: ping postgres: timeout\n/);
    },
  ],
  [
    /^undo: the scenario drives it again$/,
    async (args, probe) => {
      expect(await run(args)).toMatchObject({ code: 0, stdout: 'storage.backend: back to the scenario, now RUNNING\n', stderr: '' });
      expect((await probe()).code).toBe(0);
    },
  ],
];

describe('healthctl demo --serve and demo set', () => {
  it('every command the banner suggests does what its comment says, run as printed', async () => {
    const p = start(['demo', '--serve', '--port', '0', '--ready-after', '2s', '--no-flap']);
    try {
      const [, base = ''] = await p.waitFor(/^sample service listening on (http:\/\/127\.0\.0\.1:\d+)\n/m);
      const [, banner = ''] = await p.waitFor(/\nTry, from another terminal:\n([\s\S]*?)\n\nCtrl-C or SIGTERM drains/);
      const suggestions = banner.split(/\n(?= {2}#)/).map((pair) => {
        const match = /^ {2}# (.*)\n {2}healthctl (.*)$/.exec(pair);
        if (match === null) throw new Error(`not a '# what it does' line and a 'healthctl …' line: ${pair}`);
        return { comment: match[1] ?? '', args: shellWords(match[2] ?? '') };
      });
      expect(suggestions).toHaveLength(PROMISES.length);
      // every probe after a change reads as kubelet would, so the first line names the failure
      const probe = (): Promise<CliResult> => runCli(['probe', `${base}/status`, '--runtime', 'kubernetes', '--timeout', '5s']);
      for (const { args, comment } of suggestions) {
        const promise = PROMISES.find(([pattern]) => pattern.test(comment));
        if (promise === undefined) throw new Error(`the banner suggests 'healthctl ${args.join(' ')}' to "${comment}", which no check here covers`);
        await promise[1](args, probe);
      }
    } finally {
      p.child.kill('SIGTERM');
    }
    const end = await p.exited;
    expect(end.code).toBe(0);
    expect(p.stdout()).toMatch(/sample service received SIGTERM: draining for 1500 ms\nsample service stopped\n$/);
  }, 60_000);

  it('demo set rejects a status it does not know, and --error with auto', async () => {
    const bad = await runCli(['demo', 'set', 'storage.backend', 'sideways', '--runtime', 'plain']);
    expect(bad).toMatchObject({ code: 1, stderr: "healthctl: STATUS: 'sideways' is not one of running, starting, terminating, auto\n" });
    const auto = await runCli(['demo', 'set', 'storage.backend', 'auto', '--error', 'x', '--runtime', 'plain']);
    expect(auto).toMatchObject({ code: 1, stderr: 'healthctl: --error: auto gives the component back to the scenario, which decides its error\n' });
  });

  it('demo set with no service there says how to start one', async () => {
    const port = await closedPort();
    const r = await runCli(['demo', 'set', 'a', 'running', '--port', String(port), '--runtime', 'plain']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(new RegExp(`^healthctl: no demo service answers on 127\\.0\\.0\\.1:${port}: connection refused by 127\\.0\\.0\\.1:${port} \\(connect\\); start one with: healthctl demo --serve --port ${port}\\n$`));
  });

  it('--help documents the flags other tests and users rely on', async () => {
    const r = await runCli(['demo', '--help']);
    for (const flag of ['--serve', '--port <n>', '--host <address>', '--ready-after <duration>', '--no-flap']) expect(r.stdout).toContain(flag);
    const set = await runCli(['demo', 'set', '--help']);
    for (const flag of ['<name>', '<status>', '--error <text>', '--port <n>']) expect(set.stdout).toContain(flag);
  });
});
