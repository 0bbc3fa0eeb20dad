import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HealthReporter, serveHealth, type HealthServer } from '../../../src/sample/index.js';
import { runCli } from '../../helpers/cli.js';
import { start } from './process.js';

// docs/diagnose.md: the word after --watch is INTERVAL when it starts with a digit, TARGET otherwise.
let server: HealthServer;
beforeAll(async () => {
  server = await serveHealth(new HealthReporter({ required: ['a'] }), { port: 0 });
});
afterAll(async () => {
  await server.close();
});

describe('diagnose --watch [INTERVAL] and TARGET, in either order', () => {
  it.each([
    ['--watch INTERVAL TARGET', (t: string) => ['--watch', '2s', t], 2000],
    ['TARGET --watch INTERVAL', (t: string) => [t, '--watch', '2s'], 2000],
    ['--watch TARGET (every second)', (t: string) => ['--watch', t], 1000],
    ['a bare number is seconds', (t: string) => [t, '--watch', '2'], 2000],
  ])('%s', async (_name, args, everyMs) => {
    const target = `localhost:${server.port}`;
    const p = start(['diagnose', ...args(target), '--runtime', 'plain']);
    try {
      await p.waitFor(new RegExp(`Z watching http://localhost:${server.port}/status every ${everyMs}ms `));
    } finally {
      p.child.kill('SIGINT');
      await p.exited;
    }
  });

  it('an address after --watch is a usage error that says to put it first', async () => {
    const r = await runCli(['diagnose', '--watch', `127.0.0.1:${server.port}`, '--runtime', 'plain']);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(`healthctl: --watch: '127.0.0.1:${server.port}' is not a duration; put a TARGET that starts with a digit before --watch (diagnose 127.0.0.1:${server.port} --watch)\n`);
  });
});
