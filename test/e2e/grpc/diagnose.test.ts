import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../helpers/cli.js';
import { SERVING_STATUS, startGrpcServer, type GrpcTestServer } from '../../helpers/grpc-server.js';

interface DiagnoseJson {
  report: { format: string; outcome: string; components: Array<{ name: string; required: boolean; condition: string }> };
}

let server: GrpcTestServer;
beforeAll(async () => {
  server = await startGrpcServer({ statuses: { '': SERVING_STATUS.SERVING, 'app.Auth': SERVING_STATUS.SERVING, 'app.Store': SERVING_STATUS.NOT_SERVING } });
});
afterAll(() => server.close());

describe('diagnose grpc://', () => {
  it('List shows every service; only the ones asked for decide', async () => {
    const r = await runCli(['diagnose', `grpc://127.0.0.1:${server.port}`, '--service', 'app.Auth', '--runtime', 'plain', '-o', 'json']);
    expect(r.code).toBe(0);
    const { report } = JSON.parse(r.stdout) as DiagnoseJson;
    expect(report.format).toBe('grpc');
    const byName = Object.fromEntries(report.components.map((c) => [c.name, [c.required, c.condition]]));
    expect(byName).toEqual({ 'app.Auth': [true, 'ok'], '(server)': [false, 'ok'], 'app.Store': [false, 'failed'] });
  });

  it('the text view names the failing service and its status', async () => {
    const r = await runCli(['diagnose', `grpc://127.0.0.1:${server.port}/app.Store`, '--runtime', 'plain']);
    expect(r.code).toBe(4);
    expect(r.stdout).toContain('app.Store');
    expect(r.stdout).toContain('NOT_SERVING');
  });
});
