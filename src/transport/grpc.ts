// Loaded with import() only for grpc:// and grpcs:// targets: @grpc/grpc-js costs HTTP probes nothing.
import {
  Client,
  connectivityState,
  credentials,
  status,
  type ChannelCredentials,
  type ChannelOptions,
  type Metadata,
  type ServiceError,
} from '@grpc/grpc-js';
import { PhaseClock, runStage, type Budget, type StageControl } from './deadline.js';
import { formatAddress } from './format-address.js';
import { grpcCallFailure, type CallContext } from './grpc-errors.js';
import { GrpcTlsCredentials } from './grpc-tls.js';
import { headersToMetadata } from './grpc-metadata.js';
import { decodeCheckResponse, decodeListResponse, encodeCheckRequest, encodeListRequest } from './grpc-codec.js';
import type { Timings, TlsOptions } from './types.js';

const CHECK = '/grpc.health.v1.Health/Check';
const LIST = '/grpc.health.v1.Health/List';

export interface GrpcHealthRequest {
  host: string;
  port: number;
  /** null for plaintext (grpc://). */
  tls: TlsOptions | null;
  /** Services to Check; `''` is the whole server. */
  services: readonly string[];
  /** Sent as metadata; values are never printed. */
  headers: ReadonlyArray<readonly [string, string]>;
  /** Absolute deadline on the performance.now() clock, covering connect and call. */
  deadline: number;
  /** The duration a timeout message names. */
  budgetMs?: number;
  signal: AbortSignal | null;
}

/** A Check answer: the ServingStatus number, or `not-found` when the server does not know the service. */
export type CheckAnswer = number | 'not-found';

export interface GrpcHealthAnswer {
  /** The address that answered, e.g. `127.0.0.1:50051` or `[::1]:50051`. */
  address: string;
  checked: Array<{ service: string; answer: CheckAnswer }>;
  /** Every service the server lists, or null when it does not implement List. */
  listed: Map<string, number> | null;
  timings: Timings;
}

function isLoopback(host: string): boolean {
  const bare = host.replace(/^\[|\]$/g, '').toLowerCase();
  return bare === 'localhost' || bare === '::1' || /^127\.\d+\.\d+\.\d+$/.test(bare);
}

async function channelCredentials(tls: TlsOptions | null, host: string): Promise<ChannelCredentials> {
  if (tls === null) return credentials.createInsecure();
  const { loadTlsContext } = await import('./tls-connect.js');
  const context = await loadTlsContext(tls);
  return new GrpcTlsCredentials({ context, rejectUnauthorized: !tls.insecure, name: tls.servername ?? host });
}

function channelOptions(request: GrpcHealthRequest, fromHeaders: ChannelOptions): ChannelOptions {
  return {
    ...fromHeaders,
    // No DNS TXT lookup for a service config: one health call does not need one.
    'grpc.service_config_disable_resolution': 1,
    'grpc.enable_retries': 0,
    // Proxy variables are never applied to loopback targets (product.md §2).
    ...(isLoopback(request.host) ? { 'grpc.enable_http_proxy': 0 } : {}),
  };
}

function unary<T>(
  client: Client,
  method: string,
  request: Buffer,
  decode: (buf: Buffer) => T,
  metadata: Metadata,
  deadline: Date,
): Promise<{ value: T; peer: string } | { error: ServiceError }> {
  return new Promise((resolve) => {
    const call = client.makeUnaryRequest(method, (b: Buffer) => b, decode, request, metadata, { deadline }, (error, value) => {
      if (error !== null) resolve({ error });
      else if (value === undefined) resolve({ error: Object.assign(new Error('empty response'), { code: status.INTERNAL, details: 'empty response', metadata }) });
      else resolve({ value, peer: call.getPeer() });
    });
  });
}

/** Moves the stage to `call` once the channel is READY; stops watching when the client closes. */
function watchConnectivity(client: Client, deadline: Date, onReady: () => void): void {
  const channel = client.getChannel();
  const watch = (state: connectivityState): void => {
    if (state === connectivityState.READY) return onReady();
    if (state === connectivityState.SHUTDOWN) return;
    channel.watchConnectivityState(state, deadline, (error) => {
      if (error === undefined) watch(channel.getConnectivityState(false));
    });
  };
  watch(channel.getConnectivityState(true));
}

/**
 * Calls grpc.health.v1 Check for every service, and List alongside (null when the server
 * does not implement it), on one channel, within one deadline. Throws HealthctlError
 * naming the phase (connect or call) and the address.
 */
export async function grpcHealth(request: GrpcHealthRequest): Promise<GrpcHealthAnswer> {
  const clock = new PhaseClock();
  const budget: Budget = {
    deadline: request.deadline,
    signal: request.signal,
    budgetMs: request.budgetMs ?? request.deadline - clock.startedAt,
    clock,
  };
  const address = formatAddress(request.host.replace(/^\[|\]$/g, ''), request.port);
  const { metadata, channel } = headersToMetadata(request.headers);
  const creds = await channelCredentials(request.tls, request.host);
  const client = new Client(address, creds, channelOptions(request, channel));
  try {
    return await runStage(budget, { phase: 'connect', address }, (control) => callAll(client, request, metadata, { budget, address, control }));
  } finally {
    client.close();
  }
}

async function callAll(
  client: Client,
  request: GrpcHealthRequest,
  metadata: Metadata,
  at: { budget: Budget; address: string; control: StageControl },
): Promise<GrpcHealthAnswer> {
  const { budget, address, control } = at;
  control.onCancel(() => client.close());
  // A little past our own deadline, so that runStage names the phase that ran out.
  const deadline = new Date(Date.now() + (budget.deadline - performance.now()) + 50);
  let readyAt: number | null = null;
  watchConnectivity(client, deadline, () => {
    readyAt = performance.now();
    budget.clock.add('connect', readyAt - budget.clock.startedAt);
    control.enter({ phase: 'call', address });
  });
  const services = request.services.length === 0 ? [''] : [...new Set(request.services)];
  const [list, ...checks] = await Promise.all([
    unary(client, LIST, encodeListRequest(), decodeListResponse, metadata, deadline),
    ...services.map((service) => unary(client, CHECK, encodeCheckRequest(service), decodeCheckResponse, metadata, deadline)),
  ]);
  const context = (): CallContext => ({ address, connected: readyAt !== null, tls: request.tls !== null, budget });
  const checked: GrpcHealthAnswer['checked'] = [];
  let peer: string | null = null;
  for (const [i, result] of checks.entries()) {
    const service = services[i] ?? '';
    if ('value' in result) {
      checked.push({ service, answer: result.value });
      peer ??= result.peer;
    } else if (result.error.code === status.NOT_FOUND) {
      checked.push({ service, answer: 'not-found' });
    } else {
      throw grpcCallFailure(result.error, context());
    }
  }
  // List is optional: a server without it (UNIMPLEMENTED) or refusing it still answered Check.
  const listed = 'value' in list ? list.value : null;
  if (readyAt !== null) budget.clock.add('firstByte', performance.now() - readyAt);
  return { address: peer ?? address, checked, listed, timings: budget.clock.snapshot() };
}

