import { makeComponent } from './component.js';
import type { FormatAdapter } from './types.js';

/** No body model: the HTTP status alone, as kubelet's httpGet reads it. */
export const httpStatus: FormatAdapter = {
  name: 'http-status',
  claimsContentType: () => false,
  matchesShape: () => true,
  parse(response) {
    const passing = response.status >= 200 && response.status <= 399;
    const error = passing ? null : `HTTP ${response.status} ${response.statusText}`.trim();
    const component = makeComponent({ name: response.target, phase: 'running', condition: passing ? 'ok' : 'failed', error });
    return { ok: true, model: { format: 'http-status', components: [component], overall: null } };
  },
};
