import { describe, expect, it } from 'vitest';
import { resolveCheckOptions } from '../../../src/config/check-options.js';
import { parseTarget } from '../../../src/config/target.js';

describe('grpc:// and grpcs:// targets', () => {
  it.each([
    ['grpc://127.0.0.1:50051', { host: '127.0.0.1', port: 50051, tls: false, services: [] }],
    ['grpc://localhost:50051/', { host: 'localhost', port: 50051, tls: false, services: [] }],
    ['grpc://[::1]:50051/my.pkg.Svc', { host: '::1', port: 50051, tls: false, services: ['my.pkg.Svc'] }],
    ['grpcs://api.example.com', { host: 'api.example.com', port: null, tls: true, services: [] }],
    ['grpc://containerd/runtime.v1.Health', { host: 'containerd', port: null, tls: false, services: ['runtime.v1.Health'] }],
    ['GRPCS://api.example.com:8443/a%20b', { host: 'api.example.com', port: 8443, tls: true, services: ['a b'] }],
  ])('%s', (raw, expected) => {
    expect(parseTarget(raw)).toEqual({ kind: 'grpc', ...expected });
  });

  it.each([
    ['grpc://127.0.0.1:0', 'port must be 1–65535'],
    ['grpc://127.0.0.1:50051/a/b', "has no '/'"],
    ['grpc://127.0.0.1:50051/svc?x=1', 'nothing after the service'],
    ['grpc://user:pw@127.0.0.1:50051', 'nothing after the service'],
    ['grpc://127.0.0.1:50051/%E0%A4%A', 'percent-encoding'],
  ])('%s is a usage error naming the problem', (raw, message) => {
    expect(() => parseTarget(raw)).toThrow(message);
  });
});

describe('--service and the TLS flags with gRPC targets', () => {
  const resolve = (target: string, flags: Record<string, unknown> = {}, env: NodeJS.ProcessEnv = {}) => resolveCheckOptions(target, { runtime: 'plain', ...flags }, env);

  it('--service adds to the target path, deduplicated; HEALTHCTL_SERVICE is a comma list', () => {
    expect(resolve('grpc://h:1/a', { service: ['b', 'a', ''] }).target).toMatchObject({ services: ['a', 'b', ''] });
    expect(resolve('grpc://h:1', {}, { HEALTHCTL_SERVICE: 'x,y' }).target).toMatchObject({ services: ['x', 'y'] });
  });

  it('shows the service in the target only when there is exactly one', () => {
    expect(resolve('grpc://h:1/a').targetDisplay).toBe('grpc://h:1/a');
    expect(resolve('grpc://h:1', { service: ['a', 'b'] }).targetDisplay).toBe('grpc://h:1');
    expect(resolve('grpcs://[::1]:1', { service: [''] }).targetDisplay).toBe('grpcs://[::1]:1');
  });

  it('names the flag that does not fit', () => {
    expect(() => resolve('http://h:1/status', { service: ['a'] })).toThrow('--service needs a grpc:// or grpcs:// target');
    expect(() => resolve('grpc://h:1', { cacert: 'ca.pem' })).toThrow('--cacert needs an https:// or grpcs:// target');
    expect(() => resolve('grpc://h:1', { format: 'spring' })).toThrow('--format spring does not apply to a gRPC target');
    expect(() => resolve('tcp://h:1', { unixSocket: '/run/x.sock' })).toThrow('--unix-socket needs an http(s):// or grpc(s):// target');
    expect(resolve('grpcs://h:1', { cacert: 'ca.pem', servername: 'h' }).tls).toMatchObject({ cacert: 'ca.pem', servername: 'h' });
  });
});

describe('gRPC over a Unix socket (--unix-socket)', () => {
  const resolve = (target: string, flags: Record<string, unknown> = {}) => resolveCheckOptions(target, { runtime: 'plain', ...flags }, {});

  it('the port may be left out with --unix-socket, and is shown only when given', () => {
    expect(resolve('grpc://localhost', { unixSocket: '/run/containerd/containerd.sock' })).toMatchObject({ target: { host: 'localhost', port: null }, targetDisplay: 'grpc://localhost' });
    expect(resolve('grpc://sidecar:9000/a', { unixSocket: '/run/s.sock' }).targetDisplay).toBe('grpc://sidecar:9000/a');
  });

  it('plaintext gRPC over TCP still needs a port; grpcs:// over TCP means 443', () => {
    expect(() => resolve('grpc://127.0.0.1')).toThrow("target 'grpc://127.0.0.1': grpc:// needs a port (grpc://host:port[/service]), or --unix-socket PATH");
    expect(resolve('grpcs://api.example.com').targetDisplay).toBe('grpcs://api.example.com');
  });

  it('an empty or over-long socket path is a usage error', () => {
    expect(() => resolve('grpc://localhost', { unixSocket: '' })).toThrow('--unix-socket: the path is empty');
    expect(() => resolve('grpc://localhost', { unixSocket: `/${'a'.repeat(107)}` })).toThrow('--unix-socket: the path is 108 bytes, longer than the 107');
    expect(resolve('grpc://localhost', { unixSocket: `/${'a'.repeat(106)}` }).unixSocket).toHaveLength(107);
  });
});
