import { HealthctlError } from '../../../src/base/errors.js';
import { buildReport } from '../../../src/check/build-report.js';
import type { Report } from '../../../src/check/report.js';
import { resolveCheckOptions } from '../../../src/config/check-options.js';
import type { Component } from '../../../src/model/types.js';

const OPTIONS = resolveCheckOptions('http://127.0.0.1:28080/status', { runtime: 'systemd', critical: ['storage.backend'] }, {});

export function component(name: string, phase: Component['phase'], condition: Component['condition'] = 'ok', error: string | null = null): Component {
  return { name, phase, condition, required: true, error, attributes: {} };
}

/** A report exactly as one check would build it, from plain components. */
export function reportOf(components: Component[]): Report {
  return buildReport(
    { ok: true, model: { format: 'pomerium', overall: null, components }, httpStatus: 200, address: '127.0.0.1:28080', timings: null, redirects: [], contentType: 'application/json', body: '' },
    OPTIONS,
  );
}

export function unreachable(): Report {
  const error = new HealthctlError('unreachable', 'connection refused by 127.0.0.1:28080 (connect)', { phase: 'connect', address: '127.0.0.1:28080' });
  return buildReport({ ok: false, error, format: null, httpStatus: null, address: '127.0.0.1:28080', timings: null, body: null }, OPTIONS);
}
