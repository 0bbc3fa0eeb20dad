import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HealthReporter, serveHealth, type HealthServer } from '../../src/sample/index.js';
import { REPO_ROOT, runCli } from '../helpers/cli.js';
import { consoleSessions, runSteps } from '../helpers/console-sessions.js';

/**
 * README sessions are tests: every `$ healthctl …` line in a block marked
 * `<!-- readme-session: NAME -->` runs against the sample service in state NAME, and its
 * output and exit status must be what the README shows (timings and the port aside).
 */
const STATES: Record<string, (h: HealthReporter) => void> = {
  starting: (h) => {
    h.require('authenticate.service', 'authorize.service', 'envoy.server', 'storage.backend', 'xds.cluster');
    h.running('authenticate.service');
    h.starting('authorize.service');
    h.running('envoy.server');
    h.report('storage.backend', { status: 'RUNNING', error: 'ping postgres: context deadline exceeded' });
  },
};

const normalise = (text: string, port: number): string =>
  text.replaceAll(String(port), 'PORT').replaceAll('28080', 'PORT').replace(/\d+(\.\d+)?ms\b/g, 'Nms');

const readme = readFileSync(join(REPO_ROOT, 'README.md'), 'utf8');
const servers: HealthServer[] = [];

afterAll(async () => {
  for (const s of servers) await s.close();
});

describe('README sessions run as shown', () => {
  const all = consoleSessions(readme, 'readme-session').map(({ setup, steps }) => ({ state: setup, steps }));
  it('the README has sessions to check', () => {
    expect(all.length).toBeGreaterThan(0);
  });

  for (const [index, session] of all.entries()) {
    let port = 0;
    beforeAll(async () => {
      const health = new HealthReporter();
      const setUp = STATES[session.state];
      if (setUp === undefined) throw new Error(`README session state '${session.state}' is not defined in readme.test.ts`);
      setUp(health);
      const server = await serveHealth(health, { host: '127.0.0.1', port: 0 });
      servers.push(server);
      port = server.port;
    });

    it(`session ${index + 1} (${session.state})`, async () => {
      const run = (args: string[]) => runCli([...args.map((a) => a.replaceAll('28080', String(port))), '--timeout', '10s']);
      await runSteps(session.steps, run, (text) => normalise(text, port));
    });
  }
});
