import { stateWordAdapter } from './state-word.js';

/** Envoy's `/ready`: its server state as one word. */
export const envoy = stateWordAdapter(
  'envoy',
  'an Envoy server state',
  new Map([
    ['LIVE', 'running'],
    ['PRE_INITIALIZING', 'starting'],
    ['INITIALIZING', 'starting'],
    ['DRAINING', 'terminating'],
  ]),
);
