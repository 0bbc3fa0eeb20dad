import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { FIXTURES, REPO_ROOT, runCli } from '../helpers/cli.js';
import { consoleSessions, runSteps } from '../helpers/console-sessions.js';
import { serveBody, type TestServer } from '../helpers/http-server.js';

/**
 * docs/formats.md sessions are tests: each `$ healthctl …` line in a block marked
 * `<!-- formats-session: FIXTURE STATUS CONTENT-TYPE -->` runs against a server answering that
 * fixture on every path, and prints what the page shows (the address and timings aside).
 */
const ADDRESS = /127\.0\.0\.1:\d+/g;
const normalise = (text: string): string =>
  text.replace(ADDRESS, 'ADDRESS').replace(/\d+(\.\d+)?ms\b/g, 'Nms').replace(/time=[\d.]+s;/g, 'time=Ns;');

const doc = readFileSync(join(REPO_ROOT, 'docs', 'formats.md'), 'utf8');
const servers: TestServer[] = [];
afterAll(async () => {
  for (const s of servers) await s.close();
});

describe('docs/formats.md sessions run as shown', () => {
  const all = consoleSessions(doc, 'formats-session').map(({ setup, steps }, i) => {
    const [, file = '', status = '0', contentType = ''] = /^(\S+) (\d{3}) (.+)$/.exec(setup) ?? [];
    return { i, file, status: Number(status), contentType, steps };
  });

  it('the page has sessions to check', () => {
    expect(all.length).toBeGreaterThanOrEqual(5);
  });

  it.each(all)('session $i ($file, HTTP $status)', async (session) => {
    const server = await serveBody(session.status, session.contentType, readFileSync(join(FIXTURES, session.file), 'utf8'));
    servers.push(server);
    const run = (args: string[]) => runCli([...args.map((a) => a.replace(ADDRESS, `127.0.0.1:${server.port}`)), '--timeout', '10s']);
    await runSteps(session.steps, run, normalise);
  });
});
