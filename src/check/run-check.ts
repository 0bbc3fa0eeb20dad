import { HealthctlError } from '../base/errors.js';
import type { Timings } from '../base/timings.js';
import type { CheckOptions } from '../config/check-options.js';
import type { Target } from '../config/target.js';
import { detectAndParse } from '../formats/detect.js';
import type { FormatName, StateModel } from '../model/types.js';
import { httpRequest, type HttpRequestOptions } from '../transport/http.js';
import { tcpConnect } from '../transport/tcp.js';
import type { HttpRequest, HttpResponse } from '../transport/types.js';
import { decodeText } from './decode-text.js';

/** How an HTTP(S) check is sent: a connection of its own (httpRequest), or a kept one (a fleet, --watch). */
export type HttpTransport = (req: HttpRequest, options?: HttpRequestOptions) => Promise<HttpResponse>;

/** Health documents are small; anything far larger is not one. */
export const MAX_BODY_BYTES = 1024 * 1024;

/** What one attempt brought back: a state model, or the reason there is none. */
export type CheckResult =
  | {
      ok: true;
      model: StateModel;
      httpStatus: number | null;
      address: string | null;
      timings: Timings | null;
      redirects: string[];
      contentType: string | null;
      /** The body as received, for `-v` and diagnose; never printed under a runtime's cap. */
      body: string;
    }
  | {
      ok: false;
      error: HealthctlError;
      format: FormatName | null;
      httpStatus: number | null;
      address: string | null;
      timings: Timings | null;
      body: string | null;
    };

/** gRPC and its channel library load only when a grpc:// target asks for them. */
async function grpcCheck(options: CheckOptions, target: Extract<Target, { kind: 'grpc' }>, deadline: number, signal: AbortSignal | null): Promise<CheckResult> {
  const [{ grpcHealth }, { grpcAnswerModel }] = await Promise.all([import('../transport/grpc.js'), import('../transport/grpc-answer-model.js')]);
  try {
    const answer = await grpcHealth({
      host: target.host,
      port: target.port,
      unixSocket: options.unixSocket,
      connectTo: options.connectTo ?? null,
      tls: target.tls ? options.tls : null,
      services: target.services,
      headers: options.headers,
      deadline,
      budgetMs: options.timeoutMs,
      signal,
    });
    return { ok: true, model: grpcAnswerModel(answer), httpStatus: null, address: answer.address, timings: answer.timings, redirects: [], contentType: null, body: '' };
  } catch (error: unknown) {
    if (!(error instanceof HealthctlError) || error.outcome === 'usage') throw error;
    return { ok: false, error, format: 'grpc', httpStatus: null, address: error.address, timings: error.timings, body: null };
  }
}

type Read = { ok: true; text: string; model: StateModel } | { ok: false; text: string | null; error: string; format: FormatName | null };

/** Bytes → text (BOM, charset) → state model. Bytes that are no text healthctl can read are never parsed as some other text. */
function readResponse(response: HttpResponse, options: CheckOptions): Read {
  const decoded = decodeText(response.body, response.contentType);
  if (!decoded.ok) return { ok: false, text: null, error: decoded.error, format: null };
  const text = decoded.text;
  const parsed = detectAndParse({ status: response.status, statusText: response.statusText, contentType: response.contentType, body: text, target: options.targetDisplay }, options.format);
  return parsed.ok ? { ok: true, text, model: parsed.model } : { ok: false, text, error: parsed.error, format: parsed.format };
}

/** target → transport → format adapter → state model. The only I/O is the request itself. */
export async function runCheck(options: CheckOptions, deadline: number, signal: AbortSignal | null, http: HttpTransport = httpRequest): Promise<CheckResult> {
  const { target } = options;
  try {
    if (target.kind === 'tcp') {
      const { address, timings } = await tcpConnect({ host: options.connectTo ?? target.host, port: target.port, deadline, signal, budgetMs: options.timeoutMs });
      const model: StateModel = {
        format: 'http-status',
        overall: null,
        components: [{ name: options.targetDisplay, phase: 'running', condition: 'ok', required: true, error: null, attributes: { address } }],
      };
      return { ok: true, model, httpStatus: null, address, timings, redirects: [], contentType: null, body: '' };
    }
    if (target.kind === 'grpc') return await grpcCheck(options, target, deadline, signal);
    const response = await http({
      url: target.url,
      method: options.method,
      headers: options.headers,
      tls: options.tls,
      unixSocket: options.unixSocket,
      connectTo: options.connectTo ?? null,
      deadline,
      maxBodyBytes: MAX_BODY_BYTES,
      maxRedirects: 5,
      signal,
    }, { budgetMs: options.timeoutMs });
    const common = { httpStatus: response.status, address: response.address, timings: response.timings };
    const read = readResponse(response, options);
    if (!read.ok) {
      const error = new HealthctlError('bad-response', `${read.error} (HTTP ${response.status} from ${response.address})`, { phase: 'body', address: response.address, timings: response.timings });
      return { ok: false, error, format: read.format, ...common, body: read.text };
    }
    return { ok: true, model: read.model, ...common, redirects: response.redirects, contentType: response.contentType, body: read.text };
  } catch (error: unknown) {
    // A usage error (an unreadable --cacert) is the command's to report, before any verdict.
    if (error instanceof HealthctlError && error.outcome !== 'usage') {
      return { ok: false, error, format: null, httpStatus: null, address: error.address, timings: error.timings, body: null };
    }
    throw error;
  }
}
