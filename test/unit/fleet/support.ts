import Ajv2020 from 'ajv/dist/2020.js';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { buildReport } from '../../../src/check/build-report.js';
import type { CheckResult } from '../../../src/check/run-check.js';
import { resolveCheckOptions } from '../../../src/config/check-options.js';
import type { CheckFlags } from '../../../src/config/flags.js';
import { buildFleetReport, type FleetEntry, type FleetReport } from '../../../src/reports/fleet-report.js';
import { parseRequirement } from '../../../src/reports/requirement.js';
import { component, failedResult, okResult } from '../diagnose/support.js';

export { component, failedResult, okResult };

/** A target's entry as the fleet builds it: its own report from one result. */
export function entry(label: string, result: CheckResult, flags: CheckFlags = {}): FleetEntry {
  const options = resolveCheckOptions(`http://${label}/status`, { runtime: 'plain', ...flags }, {});
  return { label, report: buildReport(result, options) };
}

export const ready = (label: string, flags: CheckFlags = {}): FleetEntry => entry(label, okResult([component('authorize.service'), component('storage.backend')]), flags);
export const failing = (label: string, flags: CheckFlags = {}): FleetEntry =>
  entry(label, okResult([component('authorize.service'), component('storage.backend', { condition: 'failed', error: 'ping postgres: timeout' })]), flags);
export const silent = (label: string, flags: CheckFlags = {}): FleetEntry => entry(label, failedResult('timeout', `timeout after 800ms waiting for first byte from ${label}`), flags);

export function fleet(entries: FleetEntry[], require = 'all', runtime: FleetReport['runtime'] = 'plain'): FleetReport {
  return buildFleetReport(entries, { requirement: parseRequirement(require, '--require'), probe: 'readiness', runtime });
}

const SCHEMA_DIR = fileURLToPath(new URL('../../../docs/schema/', import.meta.url));

/** The fleet schema with the two it refers to, compiled strictly: a schema that is itself wrong fails here. */
export function fleetValidator(): (doc: unknown) => string | null {
  const ajv = new Ajv2020.default({ strict: true, allErrors: true });
  ajv.addFormat('date-time', (s: string) => !Number.isNaN(Date.parse(s)));
  for (const name of ['healthctl-v1', 'diagnose']) {
    const schema: unknown = JSON.parse(readFileSync(`${SCHEMA_DIR}${name}.schema.json`, 'utf8'));
    if (typeof schema !== 'object' || schema === null) throw new Error(`${name} is not a JSON object`);
    ajv.addSchema(schema);
  }
  const fleetSchema: unknown = JSON.parse(readFileSync(`${SCHEMA_DIR}healthctl-fleet-v1.schema.json`, 'utf8'));
  if (typeof fleetSchema !== 'object' || fleetSchema === null) throw new Error('the fleet schema is not a JSON object');
  const validate = ajv.compile(fleetSchema);
  return (doc) => (validate(doc) ? null : JSON.stringify(validate.errors));
}
