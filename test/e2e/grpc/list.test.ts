import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, type CliResult } from '../../helpers/cli.js';
import { SERVING_STATUS, startGrpcServer, type GrpcTestServer } from '../../helpers/grpc-server.js';

let normal: GrpcTestServer;
let hanging: GrpcTestServer;
let huge: GrpcTestServer;

beforeAll(async () => {
  const statuses = { '': SERVING_STATUS.SERVING };
  normal = await startGrpcServer({ statuses });
  hanging = await startGrpcServer({ statuses, listAnswer: 'hang' });
  // About 3.9 MB: under grpc-js's own 4 MiB default, so only healthctl's cap keeps it out.
  huge = await startGrpcServer({ statuses, listAnswer: { services: 78_000 } });
});
afterAll(async () => {
  await Promise.all([normal.close(), hanging.close(), huge.close()]);
});

interface Report {
  outcome: string;
  components: Array<{ name: string; required: boolean; attributes: Record<string, string> }>;
}

const probe = (server: GrpcTestServer): Promise<CliResult> =>
  runCli(['probe', `grpc://127.0.0.1:${server.port}`, '--runtime', 'kubernetes', '-o', 'json']);

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}

/** Runs each probe in turn, paired, so machine load hits both sides alike. */
async function pairedTimes(server: GrpcTestServer, rounds: number): Promise<{ reference: number; measured: number; last: CliResult }> {
  const reference: number[] = [];
  const measured: number[] = [];
  let last: CliResult | null = null;
  for (let i = 0; i < rounds; i += 1) {
    reference.push((await probe(normal)).ms);
    last = await probe(server);
    measured.push(last.ms);
  }
  if (last === null) throw new Error('no rounds');
  return { reference: median(reference), measured: median(measured), last };
}

describe('List is optional: it never decides, delays or fails what Check answered', () => {
  it('a SERVING server whose List never answers passes within 150 ms of one whose List answers', async () => {
    const { reference, measured, last } = await pairedTimes(hanging, 3);
    expect(last.code, last.stdout).toBe(0);
    expect(measured - reference).toBeLessThan(150);
    const report = JSON.parse(last.stdout) as Report;
    expect(report.outcome).toBe('pass');
    expect(report.components[0]?.attributes['list']).toMatch(/^List did not answer within \d+ms of Check; not shown$/);
  });

  it('a SERVING server whose List answers 4 MB passes within 150 ms of one whose List is small; the answer is dropped with a note', async () => {
    const { reference, measured, last } = await pairedTimes(huge, 3);
    expect(last.code, last.stdout).toBe(0);
    expect(measured - reference).toBeLessThan(150);
    const report = JSON.parse(last.stdout) as Report;
    expect(report.components.map((c) => c.name)).toEqual(['(server)']);
    expect(report.components[0]?.attributes['list']).toBe('List answer larger than 256 KiB; not read');
  });

  it('diagnose shows why List was not used', async () => {
    const r = await runCli(['diagnose', `grpc://127.0.0.1:${huge.port}`]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('list=List answer larger than 256 KiB; not read');
  });

  it('a List that answers in time is still shown', async () => {
    const r = await probe(normal);
    expect(r.code).toBe(0);
    expect((JSON.parse(r.stdout) as Report).components[0]?.attributes['list']).toBeUndefined();
  });
});
