import { countsFor, type EvaluatedComponent, type EvaluatedOverall, type Evaluation } from './evaluate.js';
import type { ProbeKind, Verdict } from './types.js';

/** How each probe kind's verdict reads: `READY`, `NOT READY`, `ready`, `not ready`. */
export const PROBE_WORDS: Record<ProbeKind, { yes: string; no: string; done: string; notDone: string }> = {
  startup: { yes: 'STARTED', no: 'NOT STARTED', done: 'started', notDone: 'not started' },
  liveness: { yes: 'ALIVE', no: 'NOT ALIVE', done: 'alive', notDone: 'not alive' },
  readiness: { yes: 'READY', no: 'NOT READY', done: 'ready', notDone: 'not ready' },
};

/** `storage.backend failed: ping postgres: timeout`, `authorize.service starting`. */
export function describeComponent(c: EvaluatedComponent): string {
  return c.error === null ? `${c.name} ${stateWords(c)}` : `${c.name} ${stateWords(c)}: ${c.error}`;
}

/** `failed`, `starting`, `terminating, failed`, `unavailable` (which is always failed). */
export function stateWords(c: Pick<EvaluatedComponent, 'phase' | 'condition'>): string {
  if (c.phase === 'running') return c.condition;
  if (c.phase === 'unavailable' || c.condition === 'ok') return c.phase;
  return `${c.phase}, ${c.condition}`;
}

// `"health": "false"` says nothing without its member's name; `"status": "DOWN"` does.
const SELF_EXPLAINING = new Set(['status', 'state', 'outcome']);

/** `service reports DOWN`, `service reports health false`, `service reports unavailable: JetStream has no leader`. */
export function describeOverall(overall: Pick<EvaluatedOverall, 'status' | 'text' | 'source'>): string {
  const member = /^\/([A-Za-z_]+)$/.exec(overall.source)?.[1];
  const status = member === undefined || SELF_EXPLAINING.has(member) ? overall.status : `${member} ${overall.status}`;
  return overall.text === null ? `service reports ${status}` : `service reports ${status}: ${overall.text}`;
}

// The report cuts the summary at 600 characters: describing 100,000 failures would only cost time and memory.
const DETAIL_CHARS = 600;

function describeSome(reasons: readonly EvaluatedComponent[], chars: number): string {
  const parts: string[] = [];
  let length = 0;
  for (const c of reasons) {
    if (length > chars) break;
    const text = describeComponent(c);
    parts.push(text);
    length += text.length + 2;
  }
  return parts.join('; ');
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** The service's own verdict when it holds this probe back; it comes first in the summary. */
function overallAgainst(evaluation: Evaluation, probe: ProbeKind): EvaluatedOverall | null {
  const overall = evaluation.overall;
  return overall !== null && overall.verdicts[probe] !== 'pass' ? overall : null;
}

/** `service reports DOWN; 1 of 6 components not ready: db failed`, or either part alone. */
function joinParts(...parts: Array<string | null>): string {
  return parts.filter((p): p is string => p !== null && p !== '').join('; ');
}

/**
 * The stable first line: verdict, the service's own verdict when it holds the probe back, and
 * the failing components; never timings or addresses that change between runs, so kubelet can
 * deduplicate its events on it.
 */
export function summarize(evaluation: Evaluation, probe: ProbeKind, httpStatus: number | null): string {
  const verdict: Verdict = evaluation.probes[probe];
  const words = PROBE_WORDS[probe];
  const counted = evaluation.components.filter((c) => countsFor(evaluation, c, probe));
  const overall = overallAgainst(evaluation, probe);
  // A stand-in only repeats the overall status: naming both says the same thing twice.
  const reasons = evaluation.reasons[probe].filter((c) => overall === null || c.name !== overall.standIn);
  const service = overall === null ? null : describeOverall(overall);
  const detail = describeSome(reasons, DETAIL_CHARS);
  // Where the answer decides liveness (a dedicated endpoint), it reads like readiness: n of m.
  const counts = probe !== 'liveness' || evaluation.endpointKind === 'liveness';

  if (evaluation.unmatchedOnly.length > 0 && (probe !== 'liveness' || evaluation.livenessFromAnswer)) {
    return `${words.no}: no component matches --only ${evaluation.unmatchedOnly.join(', ')}`;
  }
  if (verdict === 'pass' && evaluation.statusCapped[probe] === false) {
    if (!counts) {
      // Only what --critical named is called critical (a status-only answer counts its one component without it).
      const named = counted.filter((c) => c.critical).length;
      const critical = named > 0 ? `, ${plural(named, 'critical component')} ok` : '';
      return `${words.yes}: service answered with ${plural(evaluation.components.length, 'component')}${critical}`;
    }
    return `${words.yes}: ${counted.length} of ${plural(counted.length, 'component')} ${words.done}`;
  }
  if (verdict === 'warn') {
    const degraded = reasons.length > 0 ? `${plural(reasons.length, 'component')} degraded: ${detail}` : null;
    const status = evaluation.statusCapped[probe] ? ` (HTTP ${httpStatus ?? '?'})` : '';
    const parts = joinParts(service, degraded);
    return `${words.yes} (degraded)${status}${parts === '' ? '' : `: ${parts}`}`;
  }
  if (reasons.length === 0) {
    return `${words.no}: ${service ?? `service answered HTTP ${httpStatus ?? '?'} although no component reports a failure`}`;
  }
  if (!counts) return `${words.no}: ${joinParts(service, detail)}`;
  return `${words.no}: ${joinParts(service, `${reasons.length} of ${plural(counted.length, 'component')} ${words.notDone}: ${detail}`)}`;
}
