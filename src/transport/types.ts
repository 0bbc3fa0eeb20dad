import type { Timings } from '../base/timings.js';

/** A check asks with GET or HEAD; demo set's control calls PUT and POST. */
export type HttpMethod = 'GET' | 'HEAD' | 'PUT' | 'POST';

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
  method: HttpMethod;
  /** The request's body, sent with a Content-Length; a check sends none. */
  body?: string;
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
