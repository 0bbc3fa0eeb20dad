/** The network phases a check goes through; each can run out of time on its own. */
export type NetPhase = 'dns' | 'connect' | 'tls' | 'first-byte' | 'body' | 'call';

/** Milliseconds spent in each phase; null where the phase did not happen (no TLS on http). */
export interface Timings {
  dnsMs: number | null;
  connectMs: number | null;
  tlsMs: number | null;
  firstByteMs: number | null;
  totalMs: number;
}

export interface TlsOptions {
  insecure: boolean;
  /** File paths; read by the transport. */
  cacert: string | null;
  cert: string | null;
  key: string | null;
  servername: string | null;
}

export interface HttpRequest {
  url: URL;
  method: 'GET' | 'HEAD';
  /** Header values are secrets: they never appear in errors or output. */
  headers: ReadonlyArray<readonly [string, string]>;
  tls: TlsOptions;
  unixSocket: string | null;
  /** Connect to this IP address instead of resolving the URL's host; the URL's host stays the Host header, SNI and the name verified. */
  connectTo?: string | null;
  /** Absolute deadline on the performance.now() clock. */
  deadline: number;
  /** Bodies larger than this end the read with a bad-response. */
  maxBodyBytes: number;
  /** Redirects followed to the same scheme, host and port; at most this many. */
  maxRedirects: number;
  /** Cancels the request (SIGINT/SIGTERM). */
  signal: AbortSignal | null;
}

export interface HttpResponse {
  status: number;
  statusText: string;
  contentType: string | null;
  body: Buffer;
  /** The address that answered, e.g. `[::1]:8080`, `127.0.0.1:8080`, `unix:/run/app.sock`. */
  address: string;
  /** Each redirect followed, as the Location resolved against the request URL. */
  redirects: string[];
  timings: Timings;
}

/** Why a check could not produce a response; `phase` and `address` are always named in `message`. */
export type TransportFailure = 'unreachable' | 'timeout' | 'bad-response';
