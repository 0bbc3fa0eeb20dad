import { describe, expect, it } from 'vitest';
import { progressLine, timedOutLine, transitionLine } from '../../../src/render/wait-lines.js';
import { stillFailing } from '../../../src/reports/still-failing.js';
import { component, reportOf, unreachable } from './reports.js';

const STARTING = reportOf([component('config.sync', 'running'), component('authorize.service', 'starting'), component('storage.backend', 'running', 'failed', 'ping postgres: timeout')]);
const READY = reportOf([component('config.sync', 'running'), component('authorize.service', 'running')]);

describe('wait: status lines', () => {
  it('names what still fails, in the words of the summary', () => {
    expect(stillFailing(STARTING)).toBe('authorize.service starting; storage.backend failed: ping postgres: timeout');
    expect(timedOutLine(STARTING, 60_000)).toBe('still not ready after 60s: authorize.service starting; storage.backend failed: ping postgres: timeout');
  });

  it('says why when there was no state model at all', () => {
    expect(timedOutLine(unreachable(), 1500)).toBe('still not ready after 1.5s: UNREACHABLE: connection refused by 127.0.0.1:28080 (connect)');
  });

  it('one journal line per transition, with the time since start', () => {
    expect(transitionLine(READY, 1234)).toBe('[+1.2s] READY: 2 of 2 components ready');
  });

  it('the live terminal line never wraps and never carries a newline or a control of the service\'s', () => {
    const noisy = reportOf([component('a\x1b[2J', 'running', 'failed', 'line one\nline two\r')]);
    expect(progressLine(noisy, 2000, 200)).toBe('waiting 2.0s · not ready: a\\x1b[2J failed: line one\\nline two\\r');
    expect(transitionLine(noisy, 1000)).toBe('[+1.0s] NOT READY: 1 of 1 component not ready: a\\x1b[2J failed: line one\\nline two\\r');
    expect(timedOutLine(noisy, 1000)).toBe('still not ready after 1s: a\\x1b[2J failed: line one\\nline two\\r');
    const line = progressLine(STARTING, 2000, 30);
    expect(line).toHaveLength(30);
    expect(line.endsWith('…')).toBe(true);
  });
});
