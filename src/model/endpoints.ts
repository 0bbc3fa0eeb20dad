import { PROBE_KINDS, type ProbeKind } from './types.js';

type Family = Readonly<Partial<Record<ProbeKind, string>>>;

/**
 * Paths dedicated to one probe kind, by family, so a hint can name the sibling endpoint.
 * Every other path (`/status`, `/health`, `/healthz`, `/actuator/health`) is a combined endpoint.
 */
export const DEDICATED_ENDPOINTS: readonly Family[] = [
  { liveness: '/livez', readiness: '/readyz', startup: '/startupz' },
  { liveness: '/live', readiness: '/ready', startup: '/started' },
  { liveness: '/health/live', readiness: '/health/ready', startup: '/health/started' },
  { liveness: '/actuator/health/liveness', readiness: '/actuator/health/readiness' },
  { liveness: '/-/healthy', readiness: '/-/ready' },
];

/** `/livez/` and `/livez` are one endpoint (a URL's pathname never holds the query string). */
function normalisePath(path: string): string {
  const trimmed = path.replace(/\/+$/, '');
  return trimmed === '' ? '/' : trimmed;
}

function findFamily(path: string): { family: Family; kind: ProbeKind } | null {
  const wanted = normalisePath(path);
  for (const family of DEDICATED_ENDPOINTS) {
    const kind = PROBE_KINDS.find((k) => family[k] === wanted);
    if (kind !== undefined) return { family, kind };
  }
  return null;
}

/** The probe kind a URL path is dedicated to (`/readyz` → readiness), or null for a combined endpoint. */
export function endpointKind(path: string): ProbeKind | null {
  return findFamily(path)?.kind ?? null;
}

/** The path of the same family dedicated to `kind` (`/readyz`, liveness → `/livez`), when there is one. */
export function siblingEndpoint(path: string, kind: ProbeKind): string | null {
  return findFamily(path)?.family[kind] ?? null;
}
