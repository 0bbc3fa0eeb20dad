import { stateWordAdapter } from './state-word.js';

/** Lightship's `/health`, `/ready` and `/live`: the server's state as one word. */
export const lightship = stateWordAdapter(
  'lightship',
  'a Lightship state',
  new Map([
    ['SERVER_IS_READY', 'running'],
    ['SERVER_IS_NOT_READY', 'starting'],
    ['SERVER_IS_SHUTTING_DOWN', 'terminating'],
    // The /live answer while the server is up.
    ['SERVER_IS_NOT_SHUTTING_DOWN', 'running'],
  ]),
);
