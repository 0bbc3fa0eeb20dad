/** `[::1]` for an IPv6 literal, the host as it is otherwise: how a host stands before `:port` or in a URL. */
export function bracketHost(host: string): string {
  // Only an IPv6 literal contains a colon; net.isIPv6 compiles a costly regex on first use.
  return host.includes(':') && !host.startsWith('[') ? `[${host}]` : host;
}

/** `::1` from a URL's `[::1]`: the host as a resolver or a socket takes it. */
export function unbracketHost(host: string): string {
  return host.startsWith('[') && host.endsWith(']') ? host.slice(1, -1) : host;
}

/** `[::1]:8080` for IPv6, `127.0.0.1:8080` / `example.com:443` otherwise. */
export function formatAddress(host: string, port: number): string {
  return `${bracketHost(host)}:${port}`;
}

/** `unix:/run/app.sock`, as the answering address of a Unix-socket target. */
export function formatUnixAddress(path: string): string {
  return `unix:${path}`;
}

/** The port a URL connects to, with the scheme's default filled in. */
export function effectivePort(url: URL): number {
  if (url.port !== '') return Number(url.port);
  return url.protocol === 'https:' ? 443 : 80;
}
