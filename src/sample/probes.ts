import type { ComponentState, HealthSnapshot } from './reporter.js';

/** The three probe endpoints of Pomerium's health server. */
export type ProbeEndpoint = '/startupz' | '/readyz' | '/healthz';

/** One entry as Pomerium writes it; `error` and `attributes` are left out when empty. */
interface WireEntry {
  status: string;
  error?: string;
  attributes?: Array<{ Key: string; Value: string }>;
}

/** Pomerium's rule for one reported required check (the table in docs/sample.md). */
export function probePasses(endpoint: ProbeEndpoint, state: ComponentState): boolean {
  switch (endpoint) {
    case '/startupz':
      return state.status !== 'UNKNOWN';
    case '/readyz':
      return state.status === 'RUNNING' && state.error === null;
    case '/healthz':
      return state.status !== 'UNKNOWN' && state.error === null;
  }
}

/** The flat map of required checks a probe endpoint answers, and whether it passes. */
export function renderProbe(endpoint: ProbeEndpoint, snapshot: HealthSnapshot): { pass: boolean; body: string } {
  const states = new Map(snapshot.statuses.map((state) => [state.name, state]));
  let pass = true;
  const entries = snapshot.checks.map((name): [string, WireEntry] => {
    const state = states.get(name);
    if (state === undefined) {
      pass = false;
      return [name, { status: 'UNAVAILABLE', error: `expected ':${name}' to have been reported on, but was not` }];
    }
    if (!probePasses(endpoint, state)) pass = false;
    return [name, toWire(state)];
  });
  // Object.fromEntries defines own data properties, so `__proto__` is an ordinary key here
  return { pass, body: JSON.stringify(Object.fromEntries(entries), null, 2) };
}

/** The `/status` body: every reported component and the required names. */
export function renderStatus(snapshot: HealthSnapshot): string {
  const statuses = Object.fromEntries(snapshot.statuses.map((state) => [state.name, toWire(state)]));
  return JSON.stringify({ statuses, checks: snapshot.checks });
}

/** One component in Pomerium's JSON shape. */
export function toWire(state: ComponentState): WireEntry {
  const entry: WireEntry = { status: state.status };
  if (state.error !== null) entry.error = state.error;
  const attributes = Object.entries(state.attributes).map(([Key, Value]) => ({ Key, Value }));
  if (attributes.length > 0) entry.attributes = attributes;
  return entry;
}
