import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { FIXTURES, REPO_ROOT, runCli } from '../helpers/cli.js';
import { serveBody, type TestServer } from '../helpers/http-server.js';

/**
 * docs/formats.md sessions are tests: each `$ healthctl …` line in a block marked
 * `<!-- formats-session: FIXTURE STATUS CONTENT-TYPE -->` runs against a server answering that
 * fixture on every path, and prints what the page shows (the address and timings aside).
 */
interface Session {
  file: string;
  status: number;
  contentType: string;
  steps: Array<{ command: string; expected: string }>;
}

function sessions(markdown: string): Session[] {
  const found: Session[] = [];
  const re = /<!-- formats-session: (\S+) (\d{3}) ([^>]+?) -->\n```console\n([\s\S]*?)```/g;
  for (const match of markdown.matchAll(re)) {
    const steps: Session['steps'] = [];
    for (const line of (match[4] ?? '').split('\n')) {
      if (line.startsWith('$ ')) steps.push({ command: line.slice(2), expected: '' });
      else if (line !== '' && steps.length > 0) {
        const last = steps[steps.length - 1];
        if (last !== undefined) last.expected += `${line}\n`;
      }
    }
    found.push({ file: match[1] ?? '', status: Number(match[2]), contentType: match[3] ?? '', steps });
  }
  return found;
}

const ADDRESS = /127\.0\.0\.1:\d+/g;
const normalise = (text: string): string =>
  text.replace(ADDRESS, 'ADDRESS').replace(/\d+(\.\d+)?ms\b/g, 'Nms').replace(/time=[\d.]+s;/g, 'time=Ns;');

const doc = readFileSync(join(REPO_ROOT, 'docs', 'formats.md'), 'utf8');
const servers: TestServer[] = [];
afterAll(async () => {
  for (const s of servers) await s.close();
});

describe('docs/formats.md sessions run as shown', () => {
  const all = sessions(doc);
  it('the page has sessions to check', () => {
    expect(all.length).toBeGreaterThanOrEqual(5);
  });

  it.each(all.map((s, i) => ({ ...s, i })))('session $i ($file, HTTP $status)', async (session) => {
    const server = await serveBody(session.status, session.contentType, readFileSync(join(FIXTURES, session.file), 'utf8'));
    servers.push(server);
    let lastCode: number | null = null;
    for (const step of session.steps) {
      if (step.command === 'echo $?') {
        expect(`${lastCode}\n`, 'exit status').toBe(step.expected);
        continue;
      }
      const args = step.command.replace(/^healthctl /, '').replace(ADDRESS, `127.0.0.1:${server.port}`).split(' ');
      const r = await runCli([...args, '--timeout', '10s']);
      lastCode = r.code;
      expect(normalise(r.stdout + r.stderr), step.command).toBe(normalise(step.expected));
    }
  });
});
