import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { HealthctlError } from '../../../src/base/errors.js';
import { buildReport } from '../../../src/check/build-report.js';
import type { CheckResult } from '../../../src/check/run-check.js';
import { resolveCheckOptions } from '../../../src/config/check-options.js';
import { buildDiagnosis } from '../../../src/diagnose/build.js';
import { CONDITIONS, PHASES, PROBE_KINDS, type Component } from '../../../src/model/types.js';
import { renderDiagnosis } from '../../../src/render/diagnose-text.js';
import { renderFrame, renderWatchSummary, transitionLines } from '../../../src/render/diagnose-watch.js';
import { NO_PAINT } from '../../../src/render/paint.js';
import { renderReport } from '../../../src/render/runtime-output.js';
import { progressLine, timedOutLine, transitionLine } from '../../../src/render/wait-lines.js';
import { WatchTracker } from '../../../src/reports/transitions.js';
import { RUNTIME_NAMES } from '../../../src/runtimes/facts.js';
import { forbiddenIn, HOSTILE_TEXTS } from '../../helpers/inert.js';

const hostileText = fc
  .array(fc.oneof(fc.constantFrom(...Object.values(HOSTILE_TEXTS), '\r\n', '\u2067', '\udbff', '\x85', '|'), fc.string({ maxLength: 6 }), fc.integer({ min: 0, max: 0xffff }).map((n) => String.fromCharCode(n))), {
    minLength: 1,
    maxLength: 6,
  })
  .map((parts) => parts.join(''));

interface Case {
  components: Component[];
  tame: Component[];
  claimed: string;
  contentType: string;
  error: string;
}

const hostileCase: fc.Arbitrary<Case> = fc
  .array(fc.record({ name: hostileText, phase: fc.constantFrom(...PHASES), condition: fc.constantFrom(...CONDITIONS), required: fc.boolean(), error: fc.option(hostileText, { nil: null }), key: hostileText, value: hostileText }), { minLength: 1, maxLength: 12 })
  .chain((rows) => fc.record({ claimed: hostileText, contentType: hostileText, error: hostileText }).map((rest) => ({ rows, ...rest })))
  .map(({ rows, claimed, contentType, error }) => ({
    // Unique names: the same rows with tame text must give the same structure.
    components: rows.map((r, i) => ({ name: `${r.name}#${i}`, phase: r.phase, condition: r.condition, required: r.required, error: r.error, attributes: { [r.key]: r.value } })),
    tame: rows.map((r, i) => ({ name: `c#${i}`, phase: r.phase, condition: r.condition, required: r.required, error: r.error === null ? null : 'x', attributes: { k: 'v' } })),
    claimed,
    contentType,
    error,
  }));

function result(components: Component[], c: Pick<Case, 'claimed' | 'contentType'>): CheckResult {
  return {
    ok: true,
    model: { format: 'spring', components, overall: { status: c.claimed, phase: 'running', condition: 'failed', source: '/status', text: c.claimed, standIn: null } },
    httpStatus: 503,
    address: '127.0.0.1:28080',
    timings: { dnsMs: 0.1, connectMs: 0.3, tlsMs: null, firstByteMs: 1.7, totalMs: 2.2 },
    redirects: [],
    contentType: c.contentType,
    body: '',
  };
}

const failed = (message: string): CheckResult => ({ ok: false, error: new HealthctlError('bad-response', message), format: null, httpStatus: 502, address: '127.0.0.1:28080', timings: null, body: null });

const lineCount = (text: string): number => text.split('\n').length;

describe('text from a service is data in every text output (property)', () => {
  it('no runtime line carries a control, bidi control or lone surrogate of the service; its newlines start no line; Nagios has one |', () => {
    fc.assert(
      fc.property(hostileCase, fc.constantFrom(...PROBE_KINDS), (c, probe) => {
        for (const runtime of RUNTIME_NAMES) {
          const options = resolveCheckOptions('http://127.0.0.1:28080/status', { runtime, probe }, {});
          for (const verbose of [false, true]) {
            const text = renderReport(buildReport(result(c.components, c), options), { output: 'text', verbose, paint: NO_PAINT });
            expect(forbiddenIn(text), `${runtime}\n${text}`).toBeNull();
            if (runtime === 'nagios') expect(text.split('|')).toHaveLength(2);
            if (runtime === 'systemd' || runtime === 'nagios' || runtime === 'plain') {
              const tame = renderReport(buildReport(result(c.tame, c), options), { output: 'text', verbose, paint: NO_PAINT });
              expect(lineCount(text), `${runtime}\n${text}\n---\n${tame}`).toBe(lineCount(tame));
            }
          }
          const error = renderReport(buildReport(failed(c.error), options), { output: 'text', verbose: true, paint: NO_PAINT });
          expect(forbiddenIn(error), error).toBeNull();
          if (runtime === 'nagios') expect(error.split('|')).toHaveLength(2);
        }
      }),
      { numRuns: 200 },
    );
  });

  it('-o json keeps every string exactly', () => {
    fc.assert(
      fc.property(hostileCase, (c) => {
        const options = resolveCheckOptions('http://127.0.0.1:28080/status', { runtime: 'plain', output: 'json' }, {});
        const doc: unknown = JSON.parse(renderReport(buildReport(result(c.components, c), options), { output: 'json', verbose: false, paint: NO_PAINT }));
        expect(doc).toMatchObject({ components: c.components.map((k) => ({ name: k.name, error: k.error, attributes: k.attributes })) });
      }),
      { numRuns: 100 },
    );
  });

  it('diagnose (one-shot and the --watch frame), its transitions and summary, and wait\'s lines', () => {
    fc.assert(
      fc.property(hostileCase, (c) => {
        const options = resolveCheckOptions('http://127.0.0.1:28080/status', { runtime: 'kubernetes' }, {});
        const runtimeChoice = { runtime: 'kubernetes' as const, source: '--runtime' as const, reason: null };
        const diagnose = (r: CheckResult): ReturnType<typeof buildDiagnosis> => buildDiagnosis({ result: r, options, timeoutGiven: false, runtimeChoice, env: {}, checkedAt: new Date(0) });
        const d = diagnose(result(c.components, c));
        for (const compact of [false, true]) {
          const text = renderDiagnosis(d, { paint: NO_PAINT, width: 80, compact, changed: new Map(c.components.map((k) => [k.name, k.error])) });
          expect(forbiddenIn(text), text).toBeNull();
        }
        const tracker = new WatchTracker(0);
        tracker.record(diagnose(result(c.tame, c)).report, 0);
        const transitions = [...tracker.record(d.report, 1), ...tracker.record(diagnose(failed(c.error)).report, 2)];
        const at = new Date(0);
        const frame = renderFrame(d, { paint: NO_PAINT, width: 80, rows: 40, compact: true, changed: new Map(), recent: transitions.map((transition) => ({ at, transition })), intervalMs: 1000 });
        expect(forbiddenIn(frame.join('\n')), frame.join('\n')).toBeNull();
        const lines = transitionLines(transitions, at);
        expect(forbiddenIn(lines), lines).toBeNull();
        expect(lineCount(lines)).toBe(transitions.length + 1);
        expect(forbiddenIn(renderWatchSummary(tracker.summary('readiness', 3), NO_PAINT))).toBeNull();
        for (const line of [progressLine(d.report, 1000, 80), transitionLine(d.report, 1000), timedOutLine(d.report, 1000)]) {
          expect(line).not.toContain('\n');
          expect(forbiddenIn(line), line).toBeNull();
        }
      }),
      { numRuns: 100 },
    );
  });
});
