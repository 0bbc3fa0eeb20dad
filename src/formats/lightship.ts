import type { Phase } from '../model/types.js';
import { makeComponent, makeOverall, rejectBody } from './component.js';
import type { FormatAdapter } from './types.js';

const PHASES: ReadonlyMap<string, Phase> = new Map([
  ['SERVER_IS_READY', 'running'],
  ['SERVER_IS_NOT_READY', 'starting'],
  ['SERVER_IS_SHUTTING_DOWN', 'terminating'],
  // The /live answer while the server is up.
  ['SERVER_IS_NOT_SHUTTING_DOWN', 'running'],
]);

export const lightship: FormatAdapter = {
  name: 'lightship',
  claimsContentType: () => false,
  matchesShape: (body) => !body.jsonParsed && PHASES.has(body.text.trim()),
  parse(response) {
    const state = response.body.trim();
    const phase = PHASES.get(state);
    if (phase === undefined) return rejectBody('a Lightship state', 'expected SERVER_IS_READY, SERVER_IS_NOT_READY, SERVER_IS_SHUTTING_DOWN or SERVER_IS_NOT_SHUTTING_DOWN');
    const component = makeComponent({ name: 'lightship', phase, condition: 'ok' });
    const overall = makeOverall({ status: state, phase, condition: 'ok', source: 'body', standIn: 'lightship' });
    return { ok: true, model: { format: 'lightship', components: [component], overall } };
  },
};
