import { targetEndpointKind } from '../check/build-report.js';
import type { ReportComponent } from '../check/report.js';
import { siblingEndpoint } from '../model/endpoints.js';
import type { ProbeKind } from '../model/types.js';
import type { Hint } from './diagnosis.js';
import { nameList, type HintInput } from './hint-input.js';

// Hints the answer itself gives: its components, the service's own verdict, the endpoint asked.

export function requiredNeverReportedHint({ report }: HintInput): Hint | null {
  const names = report.components.filter((c) => c.required && c.phase === 'unavailable').map((c) => c.name);
  if (names.length === 0) return null;
  return {
    id: 'required-never-reported',
    level: 'warn',
    message: `required but never reported: ${nameList(names)}`,
    fix: 'check the name is spelled as the service reports it, that the component is enabled, or leave it out with --exclude',
  };
}

export function failingNotRequiredHint({ report }: HintInput): Hint | null {
  const names = report.components.filter((c) => !c.required && c.condition !== 'ok').map((c) => c.name);
  if (names.length === 0) return null;
  return {
    id: 'failing-not-required',
    level: 'info',
    message: `failing but not required, so they decide no probe: ${nameList(names)}`,
    fix: 'if the service cannot work without them, make them required (Pomerium: list them in checks); otherwise nothing to do',
  };
}

export function terminatingHint({ report }: HintInput): Hint | null {
  const names = report.components.filter((c) => c.phase === 'terminating').map((c) => c.name);
  if (names.length === 0 && report.overall?.phase === 'terminating') names.push(`the service (${report.overall.status})`);
  if (names.length === 0) return null;
  return {
    id: 'terminating',
    level: 'info',
    message: `shutting down: ${nameList(names)} (readiness fails while it drains; startup and liveness still pass)`,
    fix: 'expected during a rollout or stop; if nothing is stopping it, look for what sent SIGTERM',
  };
}

function failingBody(c: ReportComponent): boolean {
  return c.counted && c.phase !== 'unavailable' && c.condition !== 'ok';
}

function targetPath(options: HintInput['options']): string | null {
  return options.target.kind === 'http' ? options.target.url.pathname : null;
}

export function okStatusFailingBodyHint({ options, result, report }: HintInput): Hint | null {
  if (!result.ok || result.httpStatus === null || result.httpStatus < 200 || result.httpStatus > 299) return null;
  if (result.model.format === 'http-status') return null;
  const failing = report.components.filter(failingBody);
  const overall = report.overall;
  const serviceSays = overall !== null && (overall.phase !== 'running' || overall.condition !== 'ok') ? overall.status : null;
  if (failing.length === 0 && serviceSays === null) return null;
  const what = serviceSays !== null ? `says ${serviceSays}` : `reports ${nameList(failing.map((c) => `${c.name} ${c.condition}`))}`;
  const pomeriumStatusPage = result.model.format === 'pomerium' && /\/status\/*$/.test(targetPath(options) ?? '');
  return {
    id: 'ok-status-failing-body',
    level: 'warn',
    message: `HTTP ${result.httpStatus} but the body ${what}: checks that read only the status (kubelet httpGet, load balancers) see healthy`,
    fix: pomeriumStatusPage
      ? "Pomerium's /status always answers 200: point status-only checks at /readyz or /startupz, or probe with healthctl"
      : 'probe with healthctl, which reads the body, or have the service answer 503 when it is not healthy',
  };
}

export function serviceVerdictHint({ report }: HintInput): Hint | null {
  const overall = report.overall;
  if (overall === null || overall.verdict === 'pass') return null;
  if (report.components.some((c) => c.counted && c.verdict !== 'pass')) return null;
  return {
    id: 'service-verdict',
    level: 'warn',
    message: `the service itself reports ${overall.status} (${overall.source}), although no component left to check fails ${report.probe}`,
    fix: "its own verdict counts and --exclude or --only cannot leave it out: find what it counts but does not list (its logs, or a more detailed health endpoint)",
  };
}

const ENDPOINT_CAVEAT: Record<ProbeKind, string> = {
  liveness: 'it can pass while the service is not ready',
  readiness: 'it fails whenever a dependency does',
  startup: 'it can pass after start while the service is not ready',
};

export function endpointKindHint({ options }: HintInput): Hint | null {
  const endpoint = targetEndpointKind(options.target);
  const path = targetPath(options);
  if (endpoint === null || path === null || endpoint === options.probe) return null;
  const sibling = siblingEndpoint(path, options.probe);
  // Liveness on another kind's endpoint is only "it answered"; the rest read that kind's rules.
  const caveat = options.probe === 'liveness' ? 'liveness there only checks that the service answers' : ENDPOINT_CAVEAT[endpoint];
  return {
    id: 'endpoint-kind',
    level: endpoint === 'liveness' ? 'warn' : 'info',
    message: `${path} is a ${endpoint} endpoint, asked for ${options.probe}: ${caveat}`,
    fix: `for ${options.probe}, probe ${sibling ?? `its ${options.probe} endpoint or a combined one`}; keep ${path} for the ${endpoint} probe`,
  };
}
