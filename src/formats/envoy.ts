import type { Phase } from '../model/types.js';
import { makeComponent, makeOverall, rejectBody } from './component.js';
import type { FormatAdapter } from './types.js';

const PHASES: ReadonlyMap<string, Phase> = new Map([
  ['LIVE', 'running'],
  ['PRE_INITIALIZING', 'starting'],
  ['INITIALIZING', 'starting'],
  ['DRAINING', 'terminating'],
]);

export const envoy: FormatAdapter = {
  name: 'envoy',
  claimsContentType: () => false,
  matchesShape: (body) => !body.jsonParsed && PHASES.has(body.text.trim()),
  parse(response) {
    const state = response.body.trim();
    const phase = PHASES.get(state);
    if (phase === undefined) return rejectBody('an Envoy server state', 'expected LIVE, PRE_INITIALIZING, INITIALIZING or DRAINING');
    const component = makeComponent({ name: 'envoy', phase, condition: 'ok' });
    const overall = makeOverall({ status: state, phase, condition: 'ok', source: 'body', standIn: 'envoy' });
    return { ok: true, model: { format: 'envoy', components: [component], overall } };
  },
};
