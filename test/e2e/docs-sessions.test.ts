import { spawn } from 'node:child_process';
import { chmodSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliCommand, REPO_ROOT } from '../helpers/cli.js';
import { findMisplacedPrompts, findSessions, type Session } from './docs-sessions/find.js';
import { SETTINGS, type Setting } from './docs-sessions/settings.js';

/**
 * Every command session in README.md and docs/*.md runs as shown (the convention is in
 * docs-sessions/find.ts). Each `$ ` line runs in bash, with `healthctl` the built binary, in
 * the setting its block names, and must print what the document shows and nothing else.
 * Only timings, ports and timestamps are normalised: the setting's servers listen on free
 * ports, which the commands use and the output shows as the document's ports.
 *
 * What the runner sets for every command: HEALTHCTL_RUNTIME=plain, since a person reading the
 * docs sits at a terminal, where `--runtime auto` is plain (here stdout is a pipe); and, but for
 * diagnose (which shows its deadline), HEALTHCTL_TIMEOUT=10s, so that a busy machine does not
 * turn a kubelet's 800 ms into a timeout. Flags in the command win over both, as always.
 */
const FILES = ['README.md', ...readdirSync(join(REPO_ROOT, 'docs')).filter((f) => f.endsWith('.md')).sort().map((f) => `docs/${f}`)];
const read = (file: string): string => readFileSync(join(REPO_ROOT, file), 'utf8');
const sessions = FILES.flatMap((file) => findSessions(file, read(file)));

/** The runtime-dependent parts of an output: how long things took, and when. */
function normaliseTimings(text: string): string {
  return text
    .replace(/ · \d+(?:\.\d+)?m?s$/gm, ' · T')
    .replace(/\b(dns|connect|tls|first byte|total) \d+(?:\.\d+)?m?s\b/g, '$1 T')
    .replace(/\btook=\d+(?:\.\d+)?m?s\b/g, 'took=T')
    .replace(/\btime=\d+\.\d+s\b/g, 'time=T')
    .replace(/^\[\+\d+(?:\.\d+)?s\]/gm, '[+T]')
    .replace(/\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?Z/g, 'TIMESTAMP');
}

const replacePort = (text: string, from: number, to: number): string => text.replace(new RegExp(`(?<!\\d)${from}(?!\\d)`, 'g'), String(to));

let shim: string;
beforeAll(() => {
  shim = mkdtempSync(join(tmpdir(), 'healthctl-docs-'));
  writeFileSync(join(shim, 'healthctl'), `#!/bin/sh\nexec ${cliCommand([]).flat().map((w) => `'${w}'`).join(' ')} "$@"\n`);
  chmodSync(join(shim, 'healthctl'), 0o755);
});
afterAll(() => {
  rmSync(shim, { recursive: true, force: true });
});

/** One `$ ` line in bash, stdout and stderr together in the order they were written. */
function runLine(command: string, setting: Setting): Promise<{ code: number | null; output: string }> {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (!/^(HEALTHCTL_|KUBERNETES_|ECS_|INVOCATION_ID$|NOTIFY_SOCKET$|WATCHDOG_|NO_COLOR$|FORCE_COLOR$|COLUMNS$|LINES$|https?_proxy$|HTTPS?_PROXY$)/i.test(k)) env[k] = v;
  }
  Object.assign(env, { HEALTHCTL_RUNTIME: 'plain' }, /\bhealthctl diagnose\b/.test(command) ? {} : { HEALTHCTL_TIMEOUT: '10s' }, setting.env, { PATH: `${shim}:${process.env['PATH'] ?? ''}` });
  return new Promise((resolve, reject) => {
    const child = spawn('bash', ['-c', `exec 2>&1\n${command}`], { cwd: setting.cwd ?? REPO_ROOT, env, stdio: ['ignore', 'pipe', 'inherit'] });
    let output = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (output += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, output });
    });
  });
}

async function runSession(session: Session): Promise<void> {
  if (session.setting === null) throw new Error('no setting');
  const definition = SETTINGS[session.setting];
  if (definition === undefined) throw new Error(`unknown setting '${session.setting}'`);
  const setting = await definition.start(session.args);
  try {
    let last: number | null = null;
    for (const step of session.steps) {
      const where = `${session.file}:${step.line}: $ ${step.command}`;
      if (step.command === 'echo $?') {
        expect(`${last}\n`, where).toBe(step.expected);
        continue;
      }
      let command = step.command;
      for (const [shown, actual] of setting.ports) command = replacePort(command, shown, actual);
      for (const [shown, actual] of setting.paths ?? []) command = command.replaceAll(shown, actual);
      const { code, output } = await runLine(command, setting);
      last = code;
      // A document ends every output with a line break, even curl's of a body without one.
      const body = output.replace(/\n+$/, '');
      let shownOutput = body === '' ? '' : `${body}\n`;
      for (const [shown, actual] of setting.ports) shownOutput = replacePort(shownOutput, actual, shown);
      for (const [shown, actual] of setting.paths ?? []) shownOutput = shownOutput.replaceAll(actual, shown);
      expect(normaliseTimings(shownOutput), where).toBe(normaliseTimings(step.expected));
    }
  } finally {
    await setting.close();
  }
}

describe('README.md and docs/*.md show commands the runnable way', () => {
  it('finds sessions in the README and in the docs', () => {
    expect(sessions.filter((s) => s.file === 'README.md').length).toBeGreaterThan(1);
    expect(sessions.filter((s) => s.file.startsWith('docs/')).length).toBeGreaterThan(10);
  });

  it('every ```console block names a setting this test has, and has a command', () => {
    const bad = sessions.filter((s) => s.setting === null || SETTINGS[s.setting] === undefined || s.steps.length === 0);
    expect(bad.map((s) => `${s.file}:${s.line} (setting ${s.setting ?? 'missing: put <!-- session: NAME --> right above the block'})`)).toEqual([]);
  });

  it('no $ prompt outside a ```console session (commands without output go in ```sh, without the prompt)', () => {
    expect(FILES.flatMap((file) => findMisplacedPrompts(file, read(file))).map((m) => `${m.file}:${m.line}: ${m.text}`)).toEqual([]);
  });

  it('every setting is used', () => {
    expect(Object.keys(SETTINGS).filter((name) => !sessions.some((s) => s.setting === name))).toEqual([]);
  });
});

describe.each(FILES.filter((file) => sessions.some((s) => s.file === file)))('%s: every session runs as shown', (file) => {
  for (const session of sessions.filter((s) => s.file === file)) {
    it(`line ${session.line} (${session.setting ?? 'no setting'})`, () => runSession(session), 90_000);
  }
});
