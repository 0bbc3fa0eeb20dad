import { describe, expect, it } from 'vitest';
import { describeRedirectTarget, redactTargetText, redactUrl } from '../../../src/base/redact.js';

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

describe('redactTargetText', () => {
  it('hides user-info and every query value of text that may not parse as a URL', () => {
    expect(redactTargetText('http://ops:hunter2@h:80/x?token=a&b=c')).toBe('http://***@h:80/x?token=***&b=***');
    expect(redactTargetText('ops:pw@h:80')).toBe('***@h:80');
  });
});
