import type { IncomingHttpHeaders } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { httpServer, redirectServer, silentServer, type HostileServer } from '../../helpers/hostile-servers.js';
import { closedPort } from '../../helpers/http-server.js';
import { run } from './support.js';

// Every secret carries this marker, so one search of the output finds any of them.
const MARK = 'S3CRET';
const HEADERS = ['-H', `Authorization: Bearer hdr-${MARK}`, '-H', `X-Api-Key: key-${MARK}`];
const QUERY = `token=q1-${MARK}&access_token=q2-${MARK}&api_key=q3-${MARK}&plain=visible`;
const withSecrets = (base: string, path: string): string => {
  const url = new URL(`${base}${path}?${QUERY}`);
  url.username = 'alice';
  url.password = `pw-${MARK}`;
  return url.href;
};

const seen: IncomingHttpHeaders[] = [];
let passing: HostileServer;
let failing: HostileServer;
let garbage: HostileServer;
let silent: HostileServer;
let redirecting: HostileServer;
let refused = 0;

beforeAll(async () => {
  const answer = (status: number, body: string) =>
    httpServer((req, res) => {
      seen.push(req.headers);
      res.statusCode = status;
      res.setHeader('Content-Type', 'application/json');
      res.end(body);
    });
  passing = await answer(200, '{"status":"UP","components":{"db":{"status":"UP"}}}');
  failing = await answer(503, '{"status":"DOWN","components":{"db":{"status":"DOWN","details":{"error":"refused"}}}}');
  garbage = await answer(200, '{"status":');
  silent = await silentServer();
  redirecting = await redirectServer(() => `http://bob:rd-${MARK}@localhost:1/elsewhere?token=rd2-${MARK}`);
  refused = await closedPort();
});
afterAll(async () => {
  await Promise.all([passing, failing, garbage, silent, redirecting].map((s) => s.close()));
});

const TARGETS: Array<[string, () => string]> = [
  ['a passing service', () => withSecrets(passing.url, '/actuator/health')],
  ['a failing service', () => withSecrets(failing.url, '/actuator/health')],
  ['a body that does not parse', () => withSecrets(garbage.url, '/health')],
  ['a server that never answers', () => withSecrets(silent.url, '/status')],
  ['a closed port', () => withSecrets(`http://127.0.0.1:${refused}`, '/status')],
  ['a redirect whose Location carries credentials', () => withSecrets(redirecting.url, '/status')],
];

// Verbose forms print the most, so they stand for the plain ones.
const OUTPUTS: Array<[string, string[]]> = [
  ['probe, plain text, verbose', ['probe', '--runtime', 'plain', '-v']],
  ['probe, docker', ['probe', '--runtime', 'docker', '-v']],
  ['probe, kubernetes, JSON', ['probe', '--runtime', 'kubernetes', '-o', 'json', '-v']],
  ['diagnose, verbose', ['diagnose', '--runtime', 'plain', '-v']],
  ['diagnose, JSON', ['diagnose', '--runtime', 'plain', '-o', 'json']],
  ['wait', ['wait', '--runtime', 'plain', '--timeout', '1500ms', '--request-timeout', '500ms', '-v']],
];

describe.concurrent('secrets never reach the output', () => {
  for (const [what, target] of TARGETS) {
    for (const [how, args] of OUTPUTS) {
      it(`${how}: ${what}`, async () => {
        const [command = 'probe', ...rest] = args;
        const timeout = rest.includes('--timeout') ? [] : ['--timeout', '700ms'];
        const r = await run([command, target(), ...rest, ...timeout, ...HEADERS]);
        expect(r.code, r.stderr).not.toBeNull();
        expect(r.stdout + r.stderr).not.toContain(MARK);
        expect((r.stdout + r.stderr).trim(), 'there is output to search').not.toBe('');
      });
    }
  }

  it('the secrets were really sent: the server saw the headers and the Basic credentials', async () => {
    const r = await run(['probe', withSecrets(passing.url, '/actuator/health'), '--runtime', 'plain', ...HEADERS]);
    expect(r.code).toBe(0);
    expect(seen.some((h) => h['x-api-key'] === `key-${MARK}` && h.authorization === `Bearer hdr-${MARK}`)).toBe(true);
  });

  it('HEALTHCTL_HEADER from the environment is not printed either', async () => {
    const r = await run(['probe', withSecrets(failing.url, '/actuator/health'), '--runtime', 'plain', '-v', '-o', 'json'], {
      env: { HEALTHCTL_HEADER: `Authorization: Bearer env-${MARK}` },
    });
    expect(r.code).toBe(4);
    expect(r.stdout + r.stderr).not.toContain(MARK);
  });

  it.each([
    ['a URL that does not parse', ['probe', `http://alice:pw-${MARK}@127.0.0.1:99999/status`]],
    ['a target with an unsupported scheme', ['probe', `ftp://alice:pw-${MARK}@127.0.0.1/status?token=${MARK}`]],
    ['a header value with a line break', ['probe', 'http://127.0.0.1:1/status', '-H', `Authorization: Bearer ${MARK}\r\nX: y`]],
    ['a header whose name is not valid', ['probe', 'http://127.0.0.1:1/status', '-H', `Bad Name: ${MARK}`]],
    ['-a with user-info', ['probe', '-a', `alice:pw-${MARK}@127.0.0.1:28080`]],
    ['-a together with a TARGET that carries user-info', ['probe', '-a', '127.0.0.1:28080', `http://alice:pw-${MARK}@127.0.0.1/?token=${MARK}`]],
  ])('a usage error about %s does not echo the secret', async (_what, args) => {
    const r = await run([...args, '--runtime', 'docker']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^healthctl: /);
    expect(r.stdout + r.stderr).not.toContain(MARK);
  });
});
