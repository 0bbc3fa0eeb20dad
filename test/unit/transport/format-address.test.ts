import { describe, expect, it } from 'vitest';
import { describeRedirectTarget, formatAddress, formatBytes, formatDuration, redactUrl } from '../../../src/transport/format-address.js';

describe('formatAddress', () => {
  it('brackets IPv6 only', () => {
    expect(formatAddress('::1', 8080)).toBe('[::1]:8080');
    expect(formatAddress('127.0.0.1', 8080)).toBe('127.0.0.1:8080');
    expect(formatAddress('example.com', 443)).toBe('example.com:443');
  });
});

describe('formatDuration', () => {
  it('uses ms below a second and tenths of seconds above', () => {
    expect(formatDuration(300)).toBe('300ms');
    expect(formatDuration(299.6)).toBe('300ms');
    expect(formatDuration(1500)).toBe('1.5s');
    expect(formatDuration(24000)).toBe('24s');
    expect(formatDuration(-3)).toBe('0ms');
  });
});

describe('formatBytes', () => {
  it('prints caps exactly', () => {
    expect(formatBytes(1024 * 1024)).toBe('1 MiB');
    expect(formatBytes(4096)).toBe('4 KiB');
    expect(formatBytes(1500)).toBe('1500 bytes');
  });
});

describe('redactUrl', () => {
  it('hides the password and secret query values', () => {
    const url = new URL('https://ops:hunter2@example.com:8443/status?token=abc&verbose=1&API_KEY=k&Signature=s#access_token=x');
    expect(redactUrl(url)).toBe('https://ops:***@example.com:8443/status?token=***&verbose=1&API_KEY=***&Signature=***');
  });

  it('covers every secret name, case-insensitively, and keeps the rest as sent', () => {
    const names = ['token', 'access_token', 'key', 'api_key', 'apikey', 'secret', 'password', 'auth', 'sig', 'signature'];
    const url = new URL(`http://h/?${names.map((n) => `${n.toUpperCase()}=v`).join('&')}&q=a%20b&flag`);
    expect(redactUrl(url)).toBe(`http://h/?${names.map((n) => `${n.toUpperCase()}=***`).join('&')}&q=a%20b&flag`);
  });

  it('leaves a plain URL alone', () => {
    expect(redactUrl(new URL('http://127.0.0.1:28080/status'))).toBe('http://127.0.0.1:28080/status');
    expect(redactUrl(new URL('http://[::1]:8080/'))).toBe('http://[::1]:8080/');
  });

  it('marks user-info even without a password', () => {
    expect(redactUrl(new URL('http://ops@h/'))).toBe('http://ops:***@h/');
  });
});

describe('describeRedirectTarget', () => {
  it('drops user-info, hides every query value and shows the port', () => {
    expect(describeRedirectTarget(new URL('http://u:p@other.example/x?code=42&state=s'))).toBe(
      'http://other.example:80/x?code=***&state=***',
    );
    expect(describeRedirectTarget(new URL('https://[::1]/'))).toBe('https://[::1]:443/');
  });
});
