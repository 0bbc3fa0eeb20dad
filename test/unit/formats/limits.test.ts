import { describe, expect, it } from 'vitest';
import { detectAndParse, type ParseOutcome } from '../../../src/formats/detect.js';
import { NAME_LIMITS } from '../../../src/formats/limits.js';
import type { FormatName } from '../../../src/model/types.js';
import { respond } from './support.js';

/** Spring components nested `depth` levels under `key`, a DOWN leaf at the bottom, and an overall status that says UP. */
function nestedSpring(depth: number, key = 'a'): string {
  return `{"status":"UP","components":{${`"${key}":{"status":"UP","components":{`.repeat(depth - 1)}"leaf":{"status":"DOWN"}${'}}'.repeat(depth - 1)}}}`;
}

function parse(body: string, format: FormatName | 'auto' = 'auto', contentType = 'application/json'): ParseOutcome {
  return detectAndParse(respond(body, { contentType }), format);
}

describe('limits on what a body can make healthctl build', () => {
  it(`reads Spring components nested ${NAME_LIMITS.depth} levels deep`, () => {
    const outcome = parse(nestedSpring(NAME_LIMITS.depth));
    expect(outcome.ok && outcome.model.components.map((c) => [c.name, c.condition])).toEqual([[`${'a.'.repeat(NAME_LIMITS.depth - 1)}leaf`, 'failed']]);
  });

  it.each([
    ['auto-detected by shape', 'auto', 'application/json'],
    ['named by Content-Type', 'auto', 'application/vnd.spring-boot.actuator.v3+json'],
    ['named by --format', 'spring', 'application/json'],
  ] as const)('refuses one level more, naming the limit, never falling back to a looser format (%s)', (_how, format, contentType) => {
    // health+json would read `{"status":"UP"}` as passing if detection went on after Spring refused.
    const outcome = parse(nestedSpring(NAME_LIMITS.depth + 1), format, contentType);
    expect(outcome).toEqual({ ok: false, format: 'spring', error: `spring components nested more than ${NAME_LIMITS.depth} levels deep (healthctl's limit)` });
  });

  it('refuses 20,000 levels as quickly as 33', () => {
    const started = performance.now();
    const outcome = parse(nestedSpring(20_000));
    expect(outcome.ok).toBe(false);
    expect(performance.now() - started).toBeLessThan(2000);
  });

  it('refuses a Spring component name longer than the limit, built from long keys', () => {
    const key = 'k'.repeat(1500);
    expect(parse(nestedSpring(3, key)).ok).toBe(true);
    expect(parse(nestedSpring(4, key))).toMatchObject({ ok: false, error: `a spring component name longer than ${NAME_LIMITS.nameChars} characters (healthctl's limit)` });
  });

  it('refuses Spring names that add up past the total, though each is short enough', () => {
    // 3,000 leaves under a 3,000-character path: a 70 kB body that would build 9 million characters of names.
    const leaves = Array.from({ length: 3000 }, (_, i) => `"l${i}":{"status":"UP"}`).join(',');
    const key = 'p'.repeat(1000);
    const body = `{"status":"UP","components":{"${key}":{"status":"UP","components":{"${key}":{"status":"UP","components":{"${key}":{"status":"UP","components":{${leaves}}}}}}}}}`;
    expect(parse(body)).toMatchObject({ ok: false, format: 'spring', error: "spring component names longer than 4 Mi characters in all (healthctl's limit)" });
  });

  it('refuses health+json attribute names that a long componentId would multiply, quickly', () => {
    const fields = Array.from({ length: 60_000 }, (_, i) => `"${i.toString(36)}":1`).join(',');
    const body = `{"status":"pass","checks":{"db":[{"componentId":"${'i'.repeat(4000)}",${fields}},{"status":"fail"}]}}`;
    const started = performance.now();
    expect(parse(body, 'auto', 'application/health+json')).toMatchObject({ ok: false, format: 'health-json', error: "health+json attribute names longer than 4 Mi characters in all (healthctl's limit)" });
    expect(performance.now() - started).toBeLessThan(2000);
    const long = `{"status":"pass","checks":{"db":[{"componentId":"${'i'.repeat(5000)}"},{"status":"fail"}]}}`;
    expect(parse(long, 'auto', 'application/health+json')).toMatchObject({ ok: false, error: `a health+json attribute name longer than ${NAME_LIMITS.nameChars} characters (healthctl's limit)` });
  });

  it('keeps ordinary multi-entry health+json checks as they were', () => {
    const body = '{"status":"warn","checks":{"db":[{"componentId":"primary","status":"pass"},{"componentId":"replica","status":"warn","output":"lag"}]}}';
    const outcome = parse(body, 'auto', 'application/health+json');
    expect(outcome.ok && outcome.model.components[0]?.attributes).toMatchObject({ 'primary.status': 'pass', 'replica.status': 'warn' });
  });
});
