import type { Option } from 'commander';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Io } from '../../src/base/io.js';
import { parseProbeArgs } from '../../src/cli/probe-fast.js';
import { buildProgram } from '../../src/cli/program.js';
import { testIo } from '../helpers/io.js';

type Parsed = { ok: true; target: unknown; flags: Record<string, unknown> } | { ok: false; error: string };

const quietIo = (): Io => testIo();

/** The real program (global options, every command), with the probe action replaced by one that records what it was given. */
function viaCommander(argv: readonly string[]): Parsed {
  const program = buildProgram(quietIo(), () => {});
  const probe = program.commands.find((c) => c.name() === 'probe');
  if (probe === undefined) throw new Error('no probe command');
  let seen: Parsed | undefined;
  probe.action((target: unknown, flags: Record<string, unknown>) => {
    seen = { ok: true, target, flags: { ...flags } };
  });
  try {
    program.parse([...argv], { from: 'user' });
  } catch (error) {
    return { ok: false, error: error instanceof Error ? error.message : String(error) };
  }
  return seen ?? { ok: false, error: 'action not called' };
}

function probeOptions(): readonly Option[] {
  const probe = buildProgram(quietIo(), () => {}).commands.find((c) => c.name() === 'probe');
  if (probe === undefined) throw new Error('no probe command');
  return probe.options;
}

/** When the fast parser answers, commander must accept the same argv and hand the action the same target and flags. */
function expectSameAsCommander(argv: readonly string[]): void {
  const fast = parseProbeArgs(argv.slice(1));
  if (fast === null) return;
  const slow = viaCommander(argv);
  expect(slow, `commander rejected what the fast path accepted: ${JSON.stringify(argv)}`).toMatchObject({ ok: true });
  if (slow.ok) expect({ target: fast.targets, flags: fast.flags }, JSON.stringify(argv)).toEqual({ target: slow.target, flags: slow.flags });
}

const VALUES = ['xds.*', 'storage.backend', '5s', '800ms', 'X-Token: s3cr3t', 'a=b', '', ' ', '-v', '--probe', '-', 'http://127.0.0.1:8080/readyz', 'localhost:28080', 'tcp://h:1', 'probe', 'bogus', 'READINESS'];
const FLEET_FLAGS = ['--targets-from', '--each-address', '--require', '--concurrency'];
const STRAY = ['--help', '-h', '--version', '-V', '--', '-', '-ve', '-exds.*', '-vH', '--verbose=yes', '--insecure=', '--no-verbose', '--Probe', '--nope', '-x', '--health', '---probe', 'help', ''];

describe('probe fast path: parses exactly as the commander definition', () => {
  const options = probeOptions();
  const names = options.flatMap((o) => [o.long, o.short].filter((n): n is string => n !== undefined));
  const choicesOf = (name: string): readonly string[] => options.find((o) => o.long === name || o.short === name)?.argChoices ?? [];
  const value = (name: string): fc.Arbitrary<string> => fc.oneof(fc.constantFrom(...choicesOf(name), ...VALUES), fc.string({ maxLength: 6 }));
  const piece: fc.Arbitrary<string[]> = fc.oneof(
    fc.constantFrom(...names).chain((n) => value(n).map((v) => [n, v])),
    fc.constantFrom(...names).map((n) => [n]),
    fc.constantFrom(...names.filter((n) => n.startsWith('--'))).chain((n) => value(n).map((v) => [`${n}=${v}`])),
    fc.constantFrom('http://127.0.0.1:8080/readyz', 'localhost:28080', 'grpc://127.0.0.1:50051', 'https://[::1]:8443/status').map((t) => [t]),
    fc.constantFrom(...STRAY).map((t) => [t]),
  );

  it('on generated argv: whatever the fast path accepts, commander parses to the same target and flags', () => {
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 8 }), (pieces) => expectSameAsCommander(['probe', ...pieces.flat()])),
      { numRuns: 3000 },
    );
  });

  it('takes the fast path for every option in its ordinary shapes, so none silently falls back', () => {
    for (const option of options.filter((o) => !FLEET_FLAGS.includes(o.long ?? ''))) {
      const choices = option.argChoices ?? ['x.y'];
      const forms: string[][] = option.required
        ? [
            [option.long ?? '', choices[0] ?? ''],
            [`${option.long ?? ''}=${choices[0] ?? ''}`],
            ...(option.short === undefined ? [] : [[option.short, choices[0] ?? '']]),
          ]
        : [[option.long ?? ''], ...(option.short === undefined ? [] : [[option.short]])];
      for (const form of forms) {
        const argv = ['probe', ...form, 'http://127.0.0.1:8080/readyz'];
        expect(parseProbeArgs(argv.slice(1)), JSON.stringify(argv)).not.toBeNull();
        expectSameAsCommander(argv);
      }
    }
  });

  it('leaves the fleet flags to commander: a fleet never runs on the fast path', () => {
    expect(FLEET_FLAGS.every((f) => options.some((o) => o.long === f))).toBe(true);
    for (const flag of FLEET_FLAGS) {
      const option = options.find((o) => o.long === flag);
      const argv = option?.required === true ? ['probe', flag, '1', 'http://127.0.0.1:8080/readyz'] : ['probe', flag, 'http://127.0.0.1:8080/readyz'];
      expect(parseProbeArgs(argv.slice(1)), JSON.stringify(argv)).toBeNull();
    }
  });

  it('takes the fast path for the documented probe commands', () => {
    const documented = [
      ['probe'],
      ['probe', 'http://127.0.0.1:8080/readyz'],
      ['probe', '--probe', 'liveness', '--critical', 'storage.backend'],
      ['probe', '--runtime', 'docker', '-e', 'xds.*', 'localhost:28080'],
      ['probe', '-a', '127.0.0.1:28080', '-e', 'storage.backend', '-v'],
      ['probe', '--for', 'startup', '--timeout=800ms', '-H', 'Authorization: Bearer t', '-H', 'X-A: b', '-o', 'json'],
      ['probe', 'tcp://127.0.0.1:5432', '--runtime', 'kubernetes'],
    ];
    for (const argv of documented) {
      expect(parseProbeArgs(argv.slice(1)), JSON.stringify(argv)).not.toBeNull();
      expectSameAsCommander(argv);
    }
  });

  it('leaves help, errors and unusual shapes to commander', () => {
    const deferred = [
      ['probe', '--help'],
      ['probe', '-h'],
      ['probe', '--version'],
      ['probe', '--probe', 'bogus'],
      ['probe', '--nope'],
      ['probe', '-ve', 'xds.*'],
      ['probe', '--', 'http://x'],
      ['probe', 'a', 'b'],
      ['probe', '--timeout'],
      ['probe', '--verbose=yes'],
    ];
    for (const argv of deferred) {
      expect(parseProbeArgs(argv.slice(1)), JSON.stringify(argv)).toBeNull();
    }
    // and commander does reject the invalid ones, with its own message
    expect(viaCommander(['probe', '--probe', 'bogus'])).toMatchObject({ ok: false, error: expect.stringContaining('--probe') });
    // several targets are a fleet: commander takes them, the fast path never does
    expect(viaCommander(['probe', 'a', 'b'])).toMatchObject({ ok: true, target: ['a', 'b'] });
  });
});
