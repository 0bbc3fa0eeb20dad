/** `[::1]:8080` for IPv6, `127.0.0.1:8080` / `example.com:443` otherwise. */
export function formatAddress(host: string, port: number): string {
  // Only an IPv6 literal contains a colon; net.isIPv6 compiles a costly regex on first use.
  return host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
}

/** `unix:/run/app.sock`, as the answering address of a Unix-socket target. */
export function formatUnixAddress(path: string): string {
  return `unix:${path}`;
}

/** `300ms` below a second, `1.5s` / `24s` from a second on. */
export function formatDuration(ms: number): string {
  const rounded = Math.max(0, Math.round(ms));
  if (rounded < 1000) return `${rounded}ms`;
  const seconds = Math.round(rounded / 100) / 10;
  return `${seconds}s`;
}

/** `1 MiB`, `64 KiB`, `1500 bytes`: exact, so a cap reads as it was configured. */
export function formatBytes(bytes: number): string {
  if (bytes >= 1024 * 1024 && bytes % (1024 * 1024) === 0) return `${bytes / (1024 * 1024)} MiB`;
  if (bytes >= 1024 && bytes % 1024 === 0) return `${bytes / 1024} KiB`;
  return bytes === 1 ? '1 byte' : `${bytes} bytes`;
}

const SECRET_PARAM = /^(?:token|access_token|key|api_key|apikey|secret|password|auth|sig|signature)$/i;

/**
 * The URL as it may be printed: user-info becomes `user:***@`, the values of
 * query parameters that carry secrets (token, api_key, sig, …) become `***`, and the
 * fragment (never sent, sometimes an OAuth token) is dropped.
 */
export function redactUrl(url: URL): string {
  const userInfo = url.username === '' && url.password === '' ? '' : `${url.username}:***@`;
  const query = url.search === '' ? '' : `?${redactQuery(url.search.slice(1), (name) => SECRET_PARAM.test(name))}`;
  return `${url.protocol}//${userInfo}${url.host}${url.pathname}${query}`;
}

/**
 * A redirect target as printed in an error: no user-info, every query value hidden,
 * and the port always explicit so "different port" can be seen.
 */
export function describeRedirectTarget(url: URL): string {
  const query = url.search === '' ? '' : `?${redactQuery(url.search.slice(1), () => true)}`;
  // WHATWG URL keeps the brackets of an IPv6 hostname.
  return `${url.protocol}//${url.hostname}:${effectivePort(url)}${url.pathname}${query}`;
}

/** The port a URL connects to, with the scheme's default filled in. */
export function effectivePort(url: URL): number {
  if (url.port !== '') return Number(url.port);
  return url.protocol === 'https:' ? 443 : 80;
}

// Works on the raw query so encoding and parameter order are kept as the server sent them.
function redactQuery(query: string, isSecret: (name: string) => boolean): string {
  return query
    .split('&')
    .map((pair) => {
      const eq = pair.indexOf('=');
      if (eq === -1) return pair;
      const rawName = pair.slice(0, eq);
      return isSecret(decodeName(rawName)) ? `${rawName}=***` : pair;
    })
    .join('&');
}

function decodeName(raw: string): string {
  try {
    return decodeURIComponent(raw.replace(/\+/g, ' '));
  } catch {
    return raw;
  }
}
