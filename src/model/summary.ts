import type { EvaluatedComponent, Evaluation } from './evaluate.js';
import type { ProbeKind, Verdict } from './types.js';

const WORDS: Record<ProbeKind, { yes: string; no: string; done: string; notDone: string }> = {
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

/**
 * The stable first line: verdict and the failing components, never timings or addresses
 * that change between runs, so kubelet can deduplicate its events on it.
 */
export function summarize(evaluation: Evaluation, probe: ProbeKind, httpStatus: number | null): string {
  const verdict: Verdict = evaluation.probes[probe];
  const words = WORDS[probe];
  const counted = evaluation.components.filter((c) => (probe === 'liveness' ? c.critical : c.counted));
  const reasons = evaluation.reasons[probe];
  const detail = describeSome(reasons, DETAIL_CHARS);

  if (evaluation.unmatchedOnly.length > 0 && probe !== 'liveness') {
    return `${words.no}: no component matches --only ${evaluation.unmatchedOnly.join(', ')}`;
  }
  if (verdict === 'pass' && evaluation.statusCapped[probe] === false) {
    if (probe === 'liveness') {
      const critical = counted.length > 0 ? `, ${plural(counted.length, 'critical component')} ok` : '';
      return `${words.yes}: service answered with ${plural(evaluation.components.length, 'component')}${critical}`;
    }
    return `${words.yes}: ${counted.length} of ${plural(counted.length, 'component')} ${words.done}`;
  }
  if (verdict === 'warn') {
    const degraded = reasons.length > 0 ? `: ${plural(reasons.length, 'component')} degraded: ${detail}` : '';
    const status = evaluation.statusCapped[probe] ? ` (HTTP ${httpStatus ?? '?'})` : '';
    return `${words.yes} (degraded)${status}${degraded}`;
  }
  if (reasons.length === 0) {
    return `${words.no}: service answered HTTP ${httpStatus ?? '?'} although no component reports a failure`;
  }
  if (probe === 'liveness') return `${words.no}: ${detail}`;
  return `${words.no}: ${reasons.length} of ${plural(counted.length, 'component')} ${words.notDone}: ${detail}`;
}
