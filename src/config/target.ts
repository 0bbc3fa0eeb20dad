import { unbracketHost } from '../base/addresses.js';
import { usageError } from '../base/errors.js';
import { redactTargetText } from '../base/redact.js';
import { portOf } from './port.js';

/** Pomerium's health port: healthctl's default target, and where `demo --serve` listens, so `healthctl probe` needs no target. */
export const DEFAULT_PORT = 28080;

export const DEFAULT_TARGET = `http://127.0.0.1:${DEFAULT_PORT}/status`;

export type Target =
  | { kind: 'http'; url: URL }
  | { kind: 'tcp'; host: string; port: number }
  /**
   * `services` empty means the whole server (`''`); `tls` for grpcs://. `port` is null when the
   * URL names none: grpcs:// then means 443, and with --unix-socket the host is only the authority.
   */
  | { kind: 'grpc'; host: string; port: number | null; tls: boolean; services: string[] };

function parsePort(text: string, raw: string): number {
  const port = portOf(text);
  if (port === null) throw usageError(`target '${raw}': port must be 1–65535`);
  return port;
}

/** `host:port` is what `pomerium health -a` takes: its `/status` endpoint. */
export function healthAddrUrl(addr: string, flag: string): URL {
  const match = /^(\[[0-9a-fA-F:.]+\]|[^:/[\]\s]+):(\d+)$/.exec(addr.trim());
  if (match === null || match[1] === undefined || match[2] === undefined) {
    throw usageError(`${flag}: '${redactTargetText(addr)}' is not HOST:PORT (e.g. 127.0.0.1:28080)`);
  }
  parsePort(match[2], redactTargetText(addr));
  return new URL(`http://${match[1]}:${match[2]}/status`);
}

/** `grpc://host[:port][/service]`; whether the port may be left out depends on --unix-socket (see check-options). */
function grpcTarget(url: URL, raw: string): Target {
  const tls = url.protocol === 'grpcs:';
  if (url.hostname === '') throw usageError(`target '${raw}': a gRPC target needs a host (grpc://host:port[/service])`);
  if (url.search !== '' || url.hash !== '' || url.username !== '' || url.password !== '') {
    throw usageError(`target '${raw}': a gRPC target is scheme://host:port[/service], with nothing after the service`);
  }
  let service: string;
  try {
    service = decodeURIComponent(url.pathname.replace(/^\//, ''));
  } catch {
    throw usageError(`target '${raw}': the service name is not valid percent-encoding`);
  }
  if (service.includes('/')) throw usageError(`target '${raw}': a gRPC service name has no '/' (e.g. grpc://host:port/my.package.Service)`);
  const port = url.port === '' ? null : parsePort(url.port, raw);
  return { kind: 'grpc', host: unbracketHost(url.hostname), port, tls, services: service === '' ? [] : [service] };
}

/** Parse the TARGET argument into what the transport needs; names the problem on bad input. */
export function parseTarget(given: string): Target {
  const text = given.trim();
  const raw = redactTargetText(given);
  if (text === '') throw usageError('target is empty');
  if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(text)) return { kind: 'http', url: healthAddrUrl(text, `target '${raw}'`) };
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw usageError(`target '${raw}' is not a valid URL`);
  }
  switch (url.protocol) {
    case 'http:':
    case 'https:':
      return { kind: 'http', url };
    case 'tcp:': {
      if (url.hostname === '' || url.port === '') throw usageError(`target '${raw}': tcp:// needs host and port (tcp://host:port)`);
      return { kind: 'tcp', host: unbracketHost(url.hostname), port: parsePort(url.port, raw) };
    }
    case 'grpc:':
    case 'grpcs:':
      return grpcTarget(url, raw);
    default:
      throw usageError(`target '${raw}': unsupported scheme '${url.protocol.slice(0, -1)}' (use http, https, tcp, grpc or grpcs)`);
  }
}
