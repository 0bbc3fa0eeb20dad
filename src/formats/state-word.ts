import type { FormatName, Phase } from '../model/types.js';
import { makeComponent, makeOverall, rejectBody } from './component.js';
import type { FormatAdapter } from './types.js';

/**
 * An adapter for a body that is one word, the server's own state (Envoy's `/ready`, Lightship's
 * endpoints): one component named after the format, and the word as the service's own verdict.
 */
export function stateWordAdapter(name: FormatName, what: string, phases: ReadonlyMap<string, Phase>): FormatAdapter {
  const words = [...phases.keys()];
  const expected = `expected ${words.slice(0, -1).join(', ')} or ${words.at(-1) ?? ''}`;
  return {
    name,
    claimsContentType: () => false,
    matchesShape: (body) => !body.jsonParsed && phases.has(body.text.trim()),
    parse(response) {
      const state = response.body.trim();
      const phase = phases.get(state);
      if (phase === undefined) return rejectBody(what, expected);
      const component = makeComponent({ name, phase, condition: 'ok' });
      const overall = makeOverall({ status: state, phase, condition: 'ok', source: 'body', standIn: name });
      return { ok: true, model: { format: name, components: [component], overall } };
    },
  };
}
