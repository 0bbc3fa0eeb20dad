import { describe, expect, it } from 'vitest';
import { HealthReporter, type HealthChange } from '../../../src/sample/index.js';

describe('HealthReporter', () => {
  it('starts with the required names and nothing reported', () => {
    const health = new HealthReporter({ required: ['b', 'a'] });
    expect(health.snapshot()).toEqual({ statuses: [], checks: ['a', 'b'] });
    expect(health.isRequired('a')).toBe(true);
    expect(health.get('a')).toBeUndefined();
  });

  it('running, starting and terminating set the status and clear the error', () => {
    const health = new HealthReporter();
    health.failed('db', 'down');
    expect(health.running('db')).toMatchObject({ status: 'RUNNING', error: null });
    health.failed('db', 'down');
    expect(health.terminating('db')).toMatchObject({ status: 'TERMINATING', error: null });
    health.failed('db', 'down');
    expect(health.starting('db')).toMatchObject({ status: 'UNKNOWN', error: null });
  });

  it('failed keeps the status: UNKNOWN when first, RUNNING + error once started', () => {
    const health = new HealthReporter();
    expect(health.failed('db', new Error('refused'))).toMatchObject({ status: 'UNKNOWN', error: 'refused' });
    health.running('db');
    expect(health.failed('db', 'timeout')).toMatchObject({ status: 'RUNNING', error: 'timeout' });
    health.terminating('db');
    expect(health.failed('db', 'lost')).toMatchObject({ status: 'TERMINATING', error: 'lost' });
    expect(health.clearError('db')).toMatchObject({ status: 'TERMINATING', error: null });
  });

  it('never leaves an error text empty', () => {
    const health = new HealthReporter();
    expect(health.failed('a', '').error).toBe('unknown error');
    expect(health.failed('b', new Error('')).error).toBe('Error');
    expect(health.failed('c', 42).error).toBe('42');
    expect(health.report('d', { status: 'RUNNING', error: '' }).error).toBeNull();
    expect(health.report('e', { status: 'RUNNING', error: null }).error).toBeNull();
  });

  it('keeps attributes when a report omits them and replaces them when given', () => {
    const health = new HealthReporter();
    health.running('db', { backend: 'postgres' });
    expect(health.failed('db', 'x').attributes).toEqual({ backend: 'postgres' });
    expect(health.running('db', { backend: 'file' }).attributes).toEqual({ backend: 'file' });
    expect(health.running('db', {}).attributes).toEqual({});
  });

  it('copies and freezes what it holds', () => {
    const health = new HealthReporter();
    const attributes = { backend: 'postgres' };
    const state = health.running('db', attributes);
    attributes.backend = 'changed';
    expect(health.get('db')?.attributes).toEqual({ backend: 'postgres' });
    expect(Object.isFrozen(state)).toBe(true);
    expect(Object.isFrozen(state.attributes)).toBe(true);
  });

  it('clearError does nothing for a name never reported', () => {
    const health = new HealthReporter();
    expect(health.clearError('ghost')).toBeUndefined();
    expect(health.snapshot().statuses).toEqual([]);
  });

  it('rejects empty names, unknown statuses and non-string attributes', () => {
    const health = new HealthReporter();
    expect(() => health.running('')).toThrow(TypeError);
    expect(() => new HealthReporter({ required: [''] })).toThrow(TypeError);
    expect(() => health.require('')).toThrow(TypeError);
    // runtime checks for JavaScript callers; the types already forbid these
    expect(() => Reflect.apply(health.report, health, ['a', { status: 'STARTING' }])).toThrow(/must be one of/);
    expect(() => Reflect.apply(health.running, health, ['a', { n: 1 }])).toThrow(/attribute "n" must be a string/);
    expect(health.get('a')).toBeUndefined();
  });

  it('sorts snapshots by name and lists non-required reports too', () => {
    const health = new HealthReporter({ required: ['z', 'a'] });
    health.running('m');
    health.running('a');
    const snapshot = health.snapshot();
    expect(snapshot.statuses.map((state) => state.name)).toEqual(['a', 'm']);
    expect(snapshot.checks).toEqual(['a', 'z']);
  });

  it('handles names that are Object.prototype keys', () => {
    const health = new HealthReporter({ required: ['__proto__', 'constructor', 'toString'] });
    health.running('__proto__', { __proto__x: 'y' });
    health.failed('constructor', 'boom');
    expect(health.get('__proto__')?.status).toBe('RUNNING');
    expect(health.get('constructor')).toMatchObject({ status: 'UNKNOWN', error: 'boom' });
    expect(health.get('toString')).toBeUndefined();
    expect(health.get('hasOwnProperty')).toBeUndefined();
    expect(health.snapshot().checks).toEqual(['__proto__', 'constructor', 'toString']);
  });

  it('keeps an attribute named __proto__ as a plain key', () => {
    const health = new HealthReporter();
    const attributes = Object.fromEntries([
      ['__proto__', 'polluted'],
      ['ok', 'yes'],
    ]);
    const state = health.running('a', attributes);
    expect(Object.hasOwn(state.attributes, '__proto__')).toBe(true);
    expect(Object.entries(state.attributes)).toEqual([
      ['__proto__', 'polluted'],
      ['ok', 'yes'],
    ]);
    expect(Object.getPrototypeOf(state.attributes)).toBe(Object.prototype);
  });

  it('requires and unrequires without touching reports', () => {
    const health = new HealthReporter();
    health.running('a');
    health.require('a', 'b');
    expect(health.snapshot().checks).toEqual(['a', 'b']);
    health.unrequire('a');
    expect(health.snapshot()).toMatchObject({ checks: ['b'], statuses: [{ name: 'a' }] });
  });

  it('forget removes a report and says whether there was one', () => {
    const health = new HealthReporter({ required: ['a'] });
    health.running('a');
    expect(health.forget('a')).toBe(true);
    expect(health.forget('a')).toBe(false);
    expect(health.snapshot()).toEqual({ statuses: [], checks: ['a'] });
  });
});

describe('HealthReporter.subscribe', () => {
  it('delivers each transition once, after the state changed, and skips repeats', () => {
    const health = new HealthReporter();
    const seen: HealthChange[] = [];
    health.subscribe((change) => {
      seen.push(change);
      if (change.type === 'report') expect(health.get(change.name)).toBe(change.current);
    });
    health.starting('db');
    health.starting('db');
    health.running('db', { backend: 'pg' });
    health.running('db', { backend: 'pg' });
    health.running('db');
    health.failed('db', 'x');
    health.failed('db', 'x');
    health.require('db');
    health.require('db');
    health.unrequire('db');
    health.unrequire('db');
    health.forget('db');
    health.forget('db');
    expect(seen.map((change) => change.type)).toEqual(['report', 'report', 'report', 'require', 'unrequire', 'forget']);
    expect(seen[0]).toMatchObject({ previous: null, current: { status: 'UNKNOWN' } });
    expect(seen[1]).toMatchObject({ previous: { status: 'UNKNOWN' }, current: { status: 'RUNNING' } });
    expect(seen[2]).toMatchObject({ current: { status: 'RUNNING', error: 'x', attributes: { backend: 'pg' } } });
  });

  it('unsubscribes', () => {
    const health = new HealthReporter();
    let calls = 0;
    const unsubscribe = health.subscribe(() => {
      calls += 1;
    });
    health.running('a');
    unsubscribe();
    health.running('b');
    expect(calls).toBe(1);
  });

  it('runs every listener even when one throws, then rethrows with the state changed', () => {
    const health = new HealthReporter();
    let later = 0;
    health.subscribe(() => {
      throw new Error('listener broke');
    });
    health.subscribe(() => {
      later += 1;
    });
    expect(() => health.running('a')).toThrow('listener broke');
    expect(later).toBe(1);
    expect(health.get('a')?.status).toBe('RUNNING');

    health.subscribe(() => {
      throw new Error('second');
    });
    expect(() => health.terminating('a')).toThrow(AggregateError);
  });
});
