import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BUILD_UNDER_TEST, EXECUTABLE, REPO_ROOT, runCommand } from '../../helpers/cli.js';
import { FIXTURE_CASES as cases, fixtureBody, type Expected } from '../../helpers/fixture-cases.js';
import { makeCertificate, SERVING_STATUS, startGrpcServer, type GrpcTestServer, type TestCertificate } from '../../helpers/grpc-server.js';
import { serveBody, type TestServer } from '../../helpers/http-server.js';
import { checkComponent } from '../../helpers/require-component.js';

/**
 * The arm64 executable (`npm run build:bin -- --target linux-arm64`), run on this x86-64 machine under
 * qemu-user emulation: Debian's qemu-user-static, with the arm64 C library of libc6-arm64-cross as its
 * root for the dynamic loader. Every fixture must get the verdicts cases.json expects and the very
 * output the x86-64 executable prints, under every runtime.
 */
const QEMU = 'qemu-aarch64-static';
const ARM64_ROOT = '/usr/aarch64-linux-gnu';
const ARM64_EXECUTABLE = join(REPO_ROOT, 'build/healthctl-linux-arm64');
/** Emulation starts an executable 50 to 100 times slower than the real thing: deadlines here are not under test. */
const TIMEOUT = '60s';

function arm64Missing(): string | null {
  if (process.arch !== 'x64') return 'the arm64 executable is emulated from x86-64';
  if (spawnSync(QEMU, ['--version']).error !== undefined) return `${QEMU} missing (apt-get install qemu-user-static)`;
  if (!existsSync(join(ARM64_ROOT, 'lib/ld-linux-aarch64.so.1'))) return `no arm64 C library in ${ARM64_ROOT} (apt-get install libc6-arm64-cross)`;
  if (spawnSync('openssl', ['version']).error !== undefined) return 'openssl missing (apt-get install openssl), for the TLS case';
  return null;
}

const skip = BUILD_UNDER_TEST === 'bin' ? checkComponent('arm64', arm64Missing()) : 'not the executable under test';

/** What must be the same on both architectures: exit code and output, not the wall time. */
async function run(argv: readonly string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const { code, stdout, stderr } = await runCommand(argv);
  return { code, stdout, stderr };
}

const arm64 = (args: readonly string[]): ReturnType<typeof run> => run([QEMU, '-L', ARM64_ROOT, ARM64_EXECUTABLE, ...args]);
const x64 = (args: readonly string[]): ReturnType<typeof run> => run([EXECUTABLE, ...args]);

interface Diagnosis {
  report: { format: string; outcome: string; probes: Record<string, string> };
  runtimes: Array<{ runtime: string; outcome: string; exitCode: number; output: string }>;
}

/** What must be equal between the two architectures: the timings (systemd's took=, Nagios' time=) are not. */
function comparable(d: Diagnosis): Array<{ runtime: string; outcome: string; exitCode: number; output: string }> {
  return d.runtimes.map((r) => ({ ...r, output: r.output.replace(/ took=\S+/g, '').replace(/time=[\d.]+s/g, 'time=') }));
}

describe.skipIf(skip !== null)('the arm64 executable under qemu-user emulation answers as the x86-64 one', () => {
  const servers = new Map<string, TestServer>();

  beforeAll(async () => {
    const made = spawnSync(process.execPath, ['scripts/build-bin.mjs', '--target', 'linux-arm64'], { cwd: REPO_ROOT, encoding: 'utf8' });
    if (made.status !== 0) throw new Error(`npm run build:bin -- --target linux-arm64: ${made.stderr}`);
    for (const c of cases) servers.set(c.file, await serveBody(c.status, c.contentType, fixtureBody(c)));
  }, 300_000);

  afterAll(async () => {
    for (const s of servers.values()) await s.close();
  });

  it('is an arm64 executable, and runs', async () => {
    const file = spawnSync('file', ['-b', ARM64_EXECUTABLE], { encoding: 'utf8' });
    if (file.error === undefined) expect(file.stdout).toContain('ARM aarch64');
    const version = await arm64(['--version']);
    expect(version).toEqual({ code: 0, stdout: (await x64(['--version'])).stdout, stderr: '' });
  }, 60_000);

  it.each(cases)('$file: every probe kind as cases.json says, and the output of every runtime as on x86-64', async (c) => {
    const url = `${servers.get(c.file)?.url ?? ''}${c.path ?? '/health'}`;
    const args = ['diagnose', url, '-o', 'json', '--timeout', TIMEOUT];
    const [onArm, onX64] = await Promise.all([arm64(args), x64(args)]);
    expect(onArm.stderr).toBe(onX64.stderr);
    expect(onArm.code).toBe(onX64.code);
    const arm = JSON.parse(onArm.stdout) as Diagnosis;
    expect(arm.report.format).toBe(c.format);
    // diagnose checks readiness; `probes` holds each kind's verdict, `fail` for every kind when no state model was read.
    expect(arm.report.outcome).toBe(c.expect.readiness);
    const verdict = (outcome: Expected): string => (outcome === 'bad-response' ? 'fail' : outcome);
    expect(arm.report.probes).toEqual({ startup: verdict(c.expect.startup), liveness: verdict(c.expect.liveness), readiness: verdict(c.expect.readiness) });
    expect(comparable(arm)).toEqual(comparable(JSON.parse(onX64.stdout) as Diagnosis));
  }, 120_000);

  describe('gRPC, plain and over TLS (the lazily loaded gRPC and TLS code)', () => {
    let plain: GrpcTestServer;
    let secure: GrpcTestServer;
    let certificate: TestCertificate;

    beforeAll(async () => {
      certificate = await makeCertificate();
      plain = await startGrpcServer({ statuses: { '': SERVING_STATUS.SERVING, warming: SERVING_STATUS.NOT_SERVING } });
      secure = await startGrpcServer({ statuses: { '': SERVING_STATUS.SERVING }, tls: { cert: certificate.cert, key: certificate.key } });
    }, 60_000);

    afterAll(async () => {
      await plain?.close();
      await secure?.close();
      await certificate?.remove();
    });

    it.each([
      { name: 'SERVING', args: () => [`grpc://127.0.0.1:${plain.port}`], code: 0, line: 'READY' },
      { name: 'NOT_SERVING fails startup', args: () => [`grpc://127.0.0.1:${plain.port}/warming`, '--probe', 'startup'], code: 4, line: 'NOT STARTED' },
      { name: 'grpcs:// with --cacert', args: () => [`grpcs://localhost:${secure.port}`, '--cacert', certificate.certPath], code: 0, line: 'READY' },
    ])('$name', async ({ args: targetArgs, code, line }) => {
      const args = ['probe', ...targetArgs(), '--runtime', 'kubernetes', '--timeout', TIMEOUT];
      const [onArm, onX64] = await Promise.all([arm64(args), x64(args)]);
      expect(onArm).toEqual(onX64);
      expect(onArm.code, onArm.stdout + onArm.stderr).toBe(code);
      expect(onArm.stdout.split('\n')[0]).toContain(line);
    }, 120_000);
  });
});
