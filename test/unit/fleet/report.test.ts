import { describe, expect, it } from 'vitest';
import { renderFleetJson } from '../../../src/render/fleet-json.js';
import { renderFleet } from '../../../src/render/fleet-output.js';
import { NO_PAINT } from '../../../src/render/paint.js';
import { EXIT_CODES, RUNTIME_NAMES, RUNTIMES } from '../../../src/runtimes/facts.js';
import { failing, fleet, fleetValidator, ready, silent } from './support.js';

const validate = fleetValidator();

describe('the fleet verdict', () => {
  it('all ready: pass, exit 0 everywhere', () => {
    const f = fleet([ready('10.0.0.1:8080'), ready('10.0.0.2:8080')]);
    expect(f).toMatchObject({ held: true, outcome: 'pass', exitCode: 0, summary: 'READY: 2 of 2 targets ready', counts: { targets: 2, passing: 2, required: 2 } });
  });

  it('one failing under all: the fleet fails with that target named, and the worst outcome speaks', () => {
    const f = fleet([ready('10.0.0.1:8080'), failing('10.0.0.7:8080'), silent('10.0.0.9:8080')]);
    expect(f.held).toBe(false);
    expect(f.outcome).toBe('fail');
    expect(f.summary).toBe('NOT READY: 1 of 3 targets ready; 10.0.0.7:8080: storage.backend failed: ping postgres: timeout; 10.0.0.9:8080: TIMEOUT: timeout after 800ms waiting for first byte from 10.0.0.9:8080');
    const timeoutOnly = fleet([ready('10.0.0.1:8080'), silent('10.0.0.9:8080')]);
    expect(timeoutOnly.outcome).toBe('timeout');
  });

  it('more required than --each-address found: the requirement fails with every target passing, as fail', () => {
    const f = fleet([ready('10.0.0.1:8080'), ready('10.0.0.2:8080')], '3');
    expect(f).toMatchObject({ held: false, outcome: 'fail', exitCode: 4, summary: 'NOT READY: 2 of 2 targets ready (3 required)' });
  });

  it.each(RUNTIME_NAMES)('under %s the exit code is that runtime\'s for the outcome', (runtime) => {
    const failed = fleet([ready('a:1', { runtime }), failing('b:1', { runtime })], 'all', runtime);
    expect(failed.exitCode).toBe(EXIT_CODES[runtime].fail);
    const held = fleet([ready('a:1', { runtime }), failing('b:1', { runtime })], 'any', runtime);
    // The requirement holds but a target fails: warn, which only Nagios tells apart (WARNING).
    expect(held).toMatchObject({ held: true, outcome: 'warn', exitCode: EXIT_CODES[runtime].warn });
  });

  it.each([
    ['any', true, 'READY: 1 of 3 targets ready (1 required)'],
    ['2', false, 'NOT READY: 1 of 3 targets ready (2 required)'],
    ['66%', false, 'NOT READY: 1 of 3 targets ready (2 required)'],
    ['33%', true, 'READY: 1 of 3 targets ready (1 required)'],
  ])('--require %s', (require, held, head) => {
    const f = fleet([ready('a:1'), failing('b:1'), silent('c:1')], require);
    expect(f.held).toBe(held);
    expect(f.summary.startsWith(`${head}; b:1: storage.backend failed`)).toBe(true);
  });
});

describe('text under the runtimes', () => {
  const three = (runtime: (typeof RUNTIME_NAMES)[number]) => fleet([ready('10.0.0.1:8080', { runtime }), failing('10.0.0.7:8080', { runtime }), silent('10.0.0.9:8080', { runtime })], 'all', runtime);

  it('containers: the summary first (kubelet shows and deduplicates the first line), failing targets before passing ones', () => {
    const out = renderFleet(three('kubernetes'), { output: 'text', paint: NO_PAINT }).split('\n');
    expect(out[0]).toBe(three('kubernetes').summary);
    expect(out.slice(1, 4)).toEqual([
      '- 10.0.0.7:8080: NOT READY: 1 of 2 components not ready: storage.backend failed: ping postgres: timeout',
      '- 10.0.0.9:8080: TIMEOUT: timeout after 800ms waiting for first byte from 10.0.0.9:8080',
      '- 10.0.0.1:8080: READY: 2 of 2 components ready',
    ]);
  });

  it('plain: one line per target in order, the summary last', () => {
    const out = renderFleet(three('plain'), { output: 'text', paint: NO_PAINT }).trimEnd().split('\n');
    expect(out).toHaveLength(4);
    expect(out[0]).toMatch(/^✓ 10\.0\.0\.1:8080 {2}READY: 2 of 2 components ready · \d/);
    expect(out[3]).toBe(`✗ ${three('plain').summary}`);
  });

  it('nagios: the state and the summary with perfdata, then the targets; no | of a service in the text', () => {
    const out = renderFleet(three('nagios'), { output: 'text', paint: NO_PAINT }).split('\n');
    expect(out[0]).toMatch(/^HEALTHCTL CRITICAL - NOT READY: 1 of 3 targets ready; .* \| targets=3;;;0 passing=1;;;0 required=3;;;0$/);
  });

  it.each(['docker', 'ecs', 'kubernetes'] as const)('%s: 60 targets fit the cap, the summary survives, and the cut is counted', (runtime) => {
    const entries = Array.from({ length: 60 }, (_, i) => (i % 3 === 0 ? failing(`10.0.${i}.1:8080`, { runtime }) : ready(`10.0.${i}.1:8080`, { runtime })));
    const f = fleet(entries, 'all', runtime);
    const out = renderFleet(f, { output: 'text', paint: NO_PAINT });
    const cap = RUNTIMES[runtime].outputCapBytes;
    expect(Buffer.byteLength(out)).toBeLessThanOrEqual(cap);
    const lines = out.trimEnd().split('\n');
    expect(lines[0]).toBe(f.summary);
    expect(lines.at(-1)).toBe('probe=readiness require=all targets=60');
    const shown = lines.filter((l) => l.startsWith('- ')).length;
    if (runtime === 'kubernetes') expect(shown).toBe(60);
    else {
      expect(lines.at(-2)).toBe(`… ${60 - shown} more target lines cut to fit ${runtime}'s 4096 bytes`);
      // failing targets come first, so they are the ones that survive
      expect(lines.slice(1, 21).every((l) => l.includes('NOT READY'))).toBe(true);
    }
  });
});

describe('-o json: healthctl-fleet/v1', () => {
  it('validates, each target carries its own healthctl/v1 report, and the schema refuses what it should', () => {
    const doc: unknown = JSON.parse(renderFleetJson(fleet([ready('a:1'), failing('b:1'), silent('c:1')], '66%'), null));
    expect(validate(doc)).toBeNull();
    const bad = (mutate: (d: Record<string, unknown>) => void): string | null => {
      const copy = structuredClone(doc) as Record<string, unknown>;
      mutate(copy);
      return validate(copy);
    };
    expect(bad((d) => (d['outcome'] = 'usage'))).not.toBeNull();
    expect(bad((d) => (d['require'] = 'most'))).not.toBeNull();
    expect(bad((d) => (d['extra'] = 1))).not.toBeNull();
    expect(bad((d) => ((d['targets'] as Array<Record<string, unknown>>)[0]!['report'] = {}))).not.toBeNull();
  });

  it.each(['docker', 'ecs', 'kubernetes'] as const)('%s: within the cap it stays whole JSON, passing targets lose their components first', (runtime) => {
    const many = Array.from({ length: 30 }, (_, i) => (i === 4 ? failing(`10.0.0.${i}:8080`, { runtime }) : ready(`10.0.0.${i}:8080`, { runtime })));
    const text = renderFleetJson(fleet(many, 'all', runtime), RUNTIMES[runtime].outputCapBytes);
    expect(Buffer.byteLength(text)).toBeLessThanOrEqual(RUNTIMES[runtime].outputCapBytes);
    const doc = JSON.parse(text);
    expect(validate(doc)).toBeNull();
    expect(doc.counts.targets).toBe(30);
    const failed = doc.targets.find((t: { label: string }) => t.label === '10.0.0.4:8080');
    expect(failed).toBeDefined();

    const huge = Array.from({ length: 200 }, (_, i) => (i % 50 === 0 ? failing(`10.0.${i}.9:8080`, { runtime }) : ready(`10.0.${i}.9:8080`, { runtime })));
    const cut = JSON.parse(renderFleetJson(fleet(huge, 'all', runtime), RUNTIMES[runtime].outputCapBytes));
    expect(validate(cut)).toBeNull();
    expect(cut.omittedTargets).toBeGreaterThan(0);
    expect(cut.targets.length + cut.omittedTargets).toBe(200);
    expect(cut.targets.filter((t: { report: { outcome: string } }) => t.report.outcome === 'fail')).toHaveLength(4);
  });
});
