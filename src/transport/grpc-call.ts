import { status, type Client, type Metadata, type ServiceError } from '@grpc/grpc-js';
import { isServerStatus } from './grpc-status.js';

export type UnaryResult<T> =
  | { value: T; peer: string }
  /** `answered`: the server sent this status; otherwise grpc-js made it up when the call could not complete. */
  | { error: ServiceError; answered: boolean };

export interface UnaryCall<T> {
  result: Promise<UnaryResult<T>>;
  /** Ends the call early; its result is then a CANCELLED error. */
  cancel(): void;
}

/** One unary call with raw bytes in and a decoder out; the result never rejects. */
export function startUnary<T>(
  client: Client,
  call: { method: string; request: Buffer; decode: (buf: Buffer) => T },
  metadata: Metadata,
  deadline: Date,
): UnaryCall<T> {
  let headers: Metadata | null = null;
  let cancel: () => void = () => {};
  const result = new Promise<UnaryResult<T>>((resolve) => {
    const pending = client.makeUnaryRequest(call.method, (b: Buffer) => b, call.decode, call.request, metadata, { deadline }, (error, value) => {
      if (error !== null) resolve({ error, answered: isServerStatus(error, headers) });
      else if (value === undefined) resolve({ error: Object.assign(new Error('empty response'), { code: status.INTERNAL, details: 'empty response', metadata }), answered: false });
      else resolve({ value, peer: pending.getPeer() });
    });
    pending.on('metadata', (received: Metadata) => {
      headers = received;
    });
    cancel = () => pending.cancel();
  });
  return { result, cancel };
}
