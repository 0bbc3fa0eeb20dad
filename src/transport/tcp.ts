import type { Timings } from '../base/timings.js';
import { connectTcp } from './connect.js';
import { startBudget } from './deadline.js';

export interface TcpConnectOptions {
  /** Host name, IP literal (`::1` or `[::1]`) or `localhost` (tries ::1 and 127.0.0.1). */
  host: string;
  port: number;
  /** Absolute deadline on the performance.now() clock. */
  deadline: number;
  signal: AbortSignal | null;
  /** The duration a timeout message names; see HttpRequestOptions.budgetMs. */
  budgetMs?: number;
}

/**
 * Connect-only check (`tcp://host:port`): passes when an address accepts, then closes
 * the socket at once. Throws HealthctlError `unreachable` or `timeout` naming phase and address.
 */
export async function tcpConnect(opts: TcpConnectOptions): Promise<{ address: string; timings: Timings }> {
  const budget = startBudget(opts.deadline, opts.signal, opts.budgetMs);
  const { socket, address } = await connectTcp(opts.host, opts.port, budget);
  socket.destroy();
  return { address, timings: budget.clock.snapshot() };
}
