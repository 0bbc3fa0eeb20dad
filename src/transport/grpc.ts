// Loaded with import() only for grpc:// and grpcs:// targets: @grpc/grpc-js costs HTTP probes nothing.
import { Client, connectivityState, status, type Metadata, type ServiceError } from '@grpc/grpc-js';
import { formatBytes } from '../base/bytes.js';
import { formatDuration } from '../base/durations.js';
import { HealthctlError } from '../base/errors.js';
import { oneLine } from '../base/text.js';
import type { Timings } from '../base/timings.js';
import { runStage, startBudget, type Budget, type StageControl } from './deadline.js';
import { startUnary, type UnaryCall } from './grpc-call.js';
import { channelCredentials, channelOptions, channelTarget, MAX_RECEIVE_BYTES, type ConnectionEvents } from './grpc-channel.js';
import { decodeCheckResponse, decodeListResponse, encodeCheckRequest, encodeListRequest } from './grpc-codec.js';
import { grpcCallFailure, isWrongProtocol, wrongProtocolFailure, type CallContext } from './grpc-errors.js';
import { headersToMetadata } from './grpc-metadata.js';
import { codeName, DETAILS_CHARS, refusedCheck } from './grpc-status.js';
import type { TlsOptions } from './types.js';

/** List is optional: once every Check has answered, it gets at most this much longer. */
export const LIST_GRACE_MS = 50;

export interface GrpcHealthRequest {
  /** Over TCP the host to connect to; over a Unix socket only the `:authority` and TLS name. */
  host: string;
  /** null when the URL names none (a Unix socket, or grpcs:// meaning 443). */
  port: number | null;
  /** Connect to this Unix stream socket instead of host:port. */
  unixSocket: string | null;
  /** Connect to this IP address instead of resolving the host, which stays the `:authority` and TLS name. */
  connectTo?: string | null;
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

/** An error status the server itself answered to Check (e.g. UNAVAILABLE from its handler): it reports itself unable to serve. */
export interface AnsweredStatus {
  service: string;
  /** `UNAVAILABLE`, `INTERNAL`… */
  code: string;
  /** The server's own text; may be empty. */
  details: string;
}

export interface GrpcHealthAnswer {
  /** The address that answered, e.g. `127.0.0.1:50051`, `[::1]:50051`, `unix:/run/containerd/containerd.sock`. */
  address: string;
  checked: Array<{ service: string; answer: CheckAnswer }>;
  /** Every service the server lists, or null when it does not implement List or its answer was not used. */
  listed: Map<string, number> | null;
  timings: Timings;
}

/** Everything one health check learnt: the ServingStatus answers, and what else the server said. */
export interface GrpcHealthResult extends GrpcHealthAnswer {
  /** Services whose Check the server answered with an error status instead of a ServingStatus. */
  answered: AnsweredStatus[];
  /** Why a List the server has was not used (too large, too slow, failed); null otherwise. */
  listNote: string | null;
}

const CHECK = '/grpc.health.v1.Health/Check';
const LIST = '/grpc.health.v1.Health/List';

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

/** What the connection got to: the stage follows it so a timeout names TLS when the handshake stalls. */
interface Progress {
  control: StageControl | null;
  /** performance.now() of the last phase boundary. */
  markAt: number;
  /** The protocol ALPN agreed on over TLS; null before a handshake finished. */
  alpn: string | false | null;
  readyAt: number | null;
}

function observeConnection(request: GrpcHealthRequest, budget: Budget, address: string, progress: Progress): ConnectionEvents {
  return {
    onSocket: () => {
      const now = performance.now();
      budget.clock.add('connect', now - progress.markAt);
      progress.markAt = now;
      if (request.tls !== null) progress.control?.enter({ phase: 'tls', address });
    },
    onSecured: (alpn) => {
      const now = performance.now();
      budget.clock.add('tls', now - progress.markAt);
      progress.markAt = now;
      progress.alpn = alpn;
      progress.control?.enter({ phase: 'connect', address });
    },
  };
}

/**
 * Calls grpc.health.v1 Check for every service, and List alongside (optional: it never decides
 * or delays the answer), on one channel, within one deadline. Throws HealthctlError naming the
 * phase (connect, tls or call) and the address.
 */
export async function grpcHealth(request: GrpcHealthRequest): Promise<GrpcHealthResult> {
  const budget = startBudget(request.deadline, request.signal, request.budgetMs);
  const { clock } = budget;
  const { target, address } = channelTarget(request);
  const { metadata, channel } = headersToMetadata(request.headers);
  const progress: Progress = { control: null, markAt: clock.startedAt, alpn: null, readyAt: null };
  const creds = await channelCredentials(request, observeConnection(request, budget, address, progress));
  const client = new Client(target, creds, channelOptions(request, channel));
  try {
    return await runStage(budget, { phase: 'connect', address }, (control) => {
      progress.control = control;
      return callAll(client, request, metadata, { budget, address, control, progress });
    });
  } finally {
    client.close();
  }
}

interface CallScope {
  budget: Budget;
  address: string;
  control: StageControl;
  progress: Progress;
}

async function callAll(client: Client, request: GrpcHealthRequest, metadata: Metadata, scope: CallScope): Promise<GrpcHealthResult> {
  const { budget, address, control, progress } = scope;
  control.onCancel(() => client.close());
  // A little past our own deadline, so that runStage names the phase that ran out.
  const deadline = new Date(Date.now() + (budget.deadline - performance.now()) + 50);
  watchConnectivity(client, deadline, () => {
    progress.readyAt = performance.now();
    budget.clock.add('connect', progress.readyAt - progress.markAt);
    control.enter({ phase: 'call', address });
  });
  const services = request.services.length === 0 ? [''] : [...new Set(request.services)];
  const list = startUnary(client, { method: LIST, request: encodeListRequest(), decode: decodeListResponse }, metadata, deadline);
  const checks = await Promise.all(
    services.map((service) => startUnary(client, { method: CHECK, request: encodeCheckRequest(service), decode: decodeCheckResponse }, metadata, deadline).result),
  );
  const readyBy = progress.readyAt;
  const answer: GrpcHealthResult = { address, checked: [], answered: [], listed: null, listNote: null, timings: budget.clock.snapshot() };
  let peer: string | null = null;
  for (const [i, result] of checks.entries()) {
    const service = services[i] ?? '';
    if ('value' in result) {
      answer.checked.push({ service, answer: result.value });
      peer ??= result.peer;
    } else if (result.error.code === status.NOT_FOUND) {
      answer.checked.push({ service, answer: 'not-found' });
    } else if (result.answered && result.error.code !== status.UNIMPLEMENTED) {
      const refused = refusedCheck(result.error, address, budget);
      if (refused !== null) throw refused;
      answer.answered.push({ service, code: codeName(result.error.code), details: oneLine(result.error.details, DETAILS_CHARS) });
    } else {
      throw await callFailure(result.error, request, { address, connected: readyBy !== null, tls: request.tls !== null, budget }, progress);
    }
  }
  Object.assign(answer, await settleList(list, budget));
  if (readyBy !== null) budget.clock.add('firstByte', performance.now() - readyBy);
  // Over a Unix socket grpc-js names the bare path as the peer; messages say unix:PATH.
  return { ...answer, address: request.unixSocket === null ? (peer ?? address) : address, timings: budget.clock.snapshot() };
}

/** A call that could not complete; a peer that does not speak HTTP/2 is named as such. */
async function callFailure(error: ServiceError, request: GrpcHealthRequest, context: CallContext, progress: Progress): Promise<HealthctlError> {
  if (context.connected || !isWrongProtocol(error)) return grpcCallFailure(error, context);
  const tls = request.tls !== null && progress.alpn !== 'h2';
  let http1: string | null = null;
  if (request.tls === null) {
    const { sniffHttp1 } = await import('./grpc-sniff.js');
    http1 = await sniffHttp1({ host: request.connectTo ?? request.host, port: request.port ?? 443, unixSocket: request.unixSocket }, context.budget);
  }
  return wrongProtocolFailure(context.address, { tls, http1 }, context.budget.clock.snapshot());
}

/** Waits for List a short grace past the last Check, never past the deadline; it is dropped when too large, slow or failing. */
async function settleList(list: UnaryCall<Map<string, number>>, budget: Budget): Promise<Pick<GrpcHealthResult, 'listed' | 'listNote'>> {
  const graceMs = Math.max(0, Math.min(LIST_GRACE_MS, budget.deadline - performance.now() - 1));
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<null>((resolve) => {
    timer = setTimeout(() => resolve(null), graceMs);
  });
  const result = await Promise.race([list.result, late]);
  clearTimeout(timer);
  if (result === null) {
    list.cancel();
    return { listed: null, listNote: `List did not answer within ${formatDuration(graceMs)} of Check; not shown` };
  }
  if ('value' in result) return { listed: result.value, listNote: null };
  const { code, details } = result.error;
  // A server without List is the common case, not worth a note.
  if (code === status.UNIMPLEMENTED) return { listed: null, listNote: null };
  if (code === status.RESOURCE_EXHAUSTED && !result.answered) return { listed: null, listNote: `List answer larger than ${formatBytes(MAX_RECEIVE_BYTES)}; not read` };
  return { listed: null, listNote: `List failed: ${codeName(code)}${details === '' ? '' : `: ${oneLine(details, DETAILS_CHARS)}`}` };
}
