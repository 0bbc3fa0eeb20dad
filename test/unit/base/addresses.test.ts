import { describe, expect, it } from 'vitest';
import { bracketHost, effectivePort, formatAddress, unbracketHost } from '../../../src/base/addresses.js';

describe('formatAddress', () => {
  it('brackets IPv6 only', () => {
    expect(formatAddress('::1', 8080)).toBe('[::1]:8080');
    expect(formatAddress('127.0.0.1', 8080)).toBe('127.0.0.1:8080');
    expect(formatAddress('example.com', 443)).toBe('example.com:443');
  });

  it('never brackets a host twice', () => {
    expect(formatAddress('[::1]', 8080)).toBe('[::1]:8080');
    expect(bracketHost('fe80::1')).toBe('[fe80::1]');
    expect(bracketHost('[fe80::1]')).toBe('[fe80::1]');
  });
});

describe('unbracketHost', () => {
  it('undoes what a URL adds around an IPv6 literal, and nothing else', () => {
    expect(unbracketHost('[::1]')).toBe('::1');
    expect(unbracketHost(new URL('http://[::1]:8080/').hostname)).toBe('::1');
    expect(unbracketHost('example.com')).toBe('example.com');
  });
});

describe('effectivePort', () => {
  it("fills in the scheme's default", () => {
    expect(effectivePort(new URL('https://h/'))).toBe(443);
    expect(effectivePort(new URL('http://h/'))).toBe(80);
    expect(effectivePort(new URL('http://h:8080/'))).toBe(8080);
  });
});
