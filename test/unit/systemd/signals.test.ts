import { describe, expect, it } from 'vitest';
import { FORWARDED_SIGNALS, HANDLED_SIGNALS, JOB_CONTROL_SIGNALS, signalMeaning } from '../../../src/systemd/signals.js';

describe('what each signal asks of run', () => {
  it('SIGTERM and SIGINT stop the service; SIGHUP reloads it unless the terminal hung up', () => {
    expect(signalMeaning('SIGTERM', false)).toBe('stop');
    expect(signalMeaning('SIGINT', false)).toBe('stop');
    expect(signalMeaning('SIGHUP', false)).toBe('reload');
    expect(signalMeaning('SIGHUP', true)).toBe('hangup');
  });

  it('job control stops and continues the service with healthctl; every other signal is passed on as it is', () => {
    expect(signalMeaning('SIGTSTP', false)).toBe('suspend');
    expect(signalMeaning('SIGCONT', false)).toBe('resume');
    for (const name of ['SIGQUIT', 'SIGALRM', 'SIGUSR1', 'SIGUSR2', 'SIGWINCH', 'SIGABRT'] as const) expect(signalMeaning(name, true)).toBe('pass');
  });

  it('handles each signal once, and never the uncatchable ones', () => {
    expect(new Set(HANDLED_SIGNALS).size).toBe(FORWARDED_SIGNALS.length + JOB_CONTROL_SIGNALS.length);
    for (const name of ['SIGKILL', 'SIGSTOP']) expect(HANDLED_SIGNALS).not.toContain(name);
  });
});
