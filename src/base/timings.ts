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
