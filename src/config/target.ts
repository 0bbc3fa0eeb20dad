import { usageError } from '../errors.js';

export const DEFAULT_TARGET = 'http://127.0.0.1:28080/status';

export type Target =
  | { kind: 'http'; url: URL }
  | { kind: 'tcp'; host: string; port: number };

function parsePort(text: string, raw: string): number {
  const port = Number(text);
  if (!Number.isInteger(port) || port < 1 || port > 65535) throw usageError(`target '${raw}': port must be 1–65535`);
  return port;
}

/** `host:port` is what `pomerium health -a` takes: its `/status` endpoint. */
export function healthAddrUrl(addr: string, flag: string): URL {
  const match = /^(\[[0-9a-fA-F:.]+\]|[^:/[\]\s]+):(\d+)$/.exec(addr.trim());
  if (match === null || match[1] === undefined || match[2] === undefined) {
    throw usageError(`${flag}: '${addr}' is not HOST:PORT (e.g. 127.0.0.1:28080)`);
  }
  parsePort(match[2], addr);
  return new URL(`http://${match[1]}:${match[2]}/status`);
}

/** Parse the TARGET argument into what the transport needs; names the problem on bad input. */
export function parseTarget(raw: string): Target {
  const text = raw.trim();
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
      return { kind: 'tcp', host: url.hostname.replace(/^\[|\]$/g, ''), port: parsePort(url.port, raw) };
    }
    default:
      throw usageError(`target '${raw}': unsupported scheme '${url.protocol.slice(0, -1)}' (use http, https, tcp, grpc or grpcs)`);
  }
}
