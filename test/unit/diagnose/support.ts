import Ajv2020 from 'ajv/dist/2020.js';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { HealthctlError } from '../../../src/base/errors.js';
import type { CheckResult } from '../../../src/check/run-check.js';
import { chooseRuntime, resolveCheckOptions } from '../../../src/config/check-options.js';
import type { CheckFlags } from '../../../src/config/flags.js';
import { buildDiagnosis } from '../../../src/diagnose/build.js';
import type { Component, Overall, StateModel } from '../../../src/model/types.js';
import { renderDiagnosis } from '../../../src/render/diagnose-text.js';
import { NO_PAINT } from '../../../src/render/paint.js';
import type { Diagnosis } from '../../../src/reports/diagnosis.js';

export const TIMINGS = { dnsMs: 0.1, connectMs: 0.4, tlsMs: null, firstByteMs: 2.2, totalMs: 2.7 };

export function component(name: string, rest: Partial<Component> = {}): Component {
  return { name, phase: 'running', condition: 'ok', required: true, error: null, attributes: {}, ...rest };
}

/** The service's own verdict as an adapter reads it from `"status"`. */
export function overall(status: string, rest: Partial<Overall> = {}): Overall {
  return { status, phase: 'running', condition: 'failed', source: '/status', text: null, standIn: null, ...rest };
}

export interface OkExtra {
  httpStatus?: number;
  contentType?: string | null;
  redirects?: string[];
  body?: string;
  overall?: Overall | null;
  format?: StateModel['format'];
}

export function okResult(components: Component[], extra: OkExtra = {}): CheckResult {
  return {
    ok: true,
    model: { format: extra.format ?? 'pomerium', components, overall: extra.overall ?? null },
    httpStatus: extra.httpStatus ?? 200,
    address: '127.0.0.1:28080',
    timings: TIMINGS,
    redirects: extra.redirects ?? [],
    contentType: extra.contentType === undefined ? 'application/json' : extra.contentType,
    body: extra.body ?? '{}',
  };
}

export function failedResult(outcome: 'unreachable' | 'timeout' | 'bad-response', message: string, body: string | null = null): CheckResult {
  const error = new HealthctlError(outcome, message, { phase: 'connect', address: '127.0.0.1:28080' });
  return { ok: false, error, format: null, httpStatus: outcome === 'bad-response' ? 200 : null, address: '127.0.0.1:28080', timings: null, body };
}

export interface DiagnoseCase {
  target?: string;
  flags?: CheckFlags;
  env?: NodeJS.ProcessEnv;
}

/** One diagnosis the way the command builds it, with the runtime named so the host does not pick it. */
export function diagnose(result: CheckResult, c: DiagnoseCase = {}): Diagnosis {
  const env = c.env ?? {};
  const flags: CheckFlags = { runtime: 'plain', ...c.flags };
  const options = resolveCheckOptions(c.target ?? 'http://127.0.0.1:28080/status', flags, env);
  const runtimeChoice = chooseRuntime(flags.runtime, env, false);
  return buildDiagnosis({ result, options, timeoutGiven: flags.timeout !== undefined, runtimeChoice, env, checkedAt: new Date('2026-11-24T01:02:03.456Z') });
}

export function text(d: Diagnosis, width = 100): string {
  return renderDiagnosis(d, { paint: NO_PAINT, width, compact: false, changed: new Map() });
}

const SCHEMA_DIR = fileURLToPath(new URL('../../../docs/schema/', import.meta.url));

/** The documented JSON schemas, compiled strictly: a schema that is itself wrong fails here. */
export function diagnoseValidator(): { validate(doc: unknown): string | null; validateReport(doc: unknown): string | null } {
  const ajv = new Ajv2020.default({ strict: true, allErrors: true });
  ajv.addFormat('date-time', (s: string) => !Number.isNaN(Date.parse(s)) && /^\d{4}-\d\d-\d\dT/.test(s));
  const v1: unknown = JSON.parse(readFileSync(`${SCHEMA_DIR}healthctl-v1.schema.json`, 'utf8'));
  const diag: unknown = JSON.parse(readFileSync(`${SCHEMA_DIR}diagnose.schema.json`, 'utf8'));
  if (typeof v1 !== 'object' || v1 === null || typeof diag !== 'object' || diag === null) throw new Error('schema files are not JSON objects');
  ajv.addSchema(v1);
  const validateDiag = ajv.compile(diag);
  const validateV1 = ajv.getSchema('https://healthctl.dev/schema/healthctl-v1.schema.json');
  if (validateV1 === undefined) throw new Error('healthctl-v1 schema did not load');
  const errors = (ok: boolean, list: unknown): string | null => (ok ? null : JSON.stringify(list));
  return {
    validate: (doc) => errors(validateDiag(doc), validateDiag.errors),
    validateReport: (doc) => errors(validateV1(doc) === true, validateV1.errors),
  };
}
