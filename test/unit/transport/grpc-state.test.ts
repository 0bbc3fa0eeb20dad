import { describe, expect, it } from 'vitest';
import { evaluate } from '../../../src/model/evaluate.js';
import { connectReason } from '../../../src/transport/grpc-errors.js';
import { grpcStateModel } from '../../../src/transport/grpc-state.js';
import type { CheckAnswer } from '../../../src/transport/grpc.js';

const timings = { dnsMs: null, connectMs: 1, tlsMs: null, firstByteMs: 1, totalMs: 2 };

function answer(checked: Array<[string, CheckAnswer]>, listed: Array<[string, number]> | null = null) {
  return { address: '127.0.0.1:50051', checked: checked.map(([service, a]) => ({ service, answer: a })), listed: listed === null ? null : new Map(listed), timings };
}

const noFilters = { only: [], exclude: [], critical: [], degraded: 'pass' as const, httpStatus: null, allReportedDecide: false };

describe('grpc state model (docs/formats.md "grpc")', () => {
  it.each<[string, CheckAnswer, string, string, string | null]>([
    ['SERVING', 1, 'running', 'ok', null],
    ['NOT_SERVING', 2, 'running', 'failed', 'NOT_SERVING'],
    ['UNKNOWN', 0, 'unavailable', 'failed', 'status UNKNOWN'],
    ['NOT_FOUND', 'not-found', 'unavailable', 'failed', 'service not registered'],
    ['SERVICE_UNKNOWN', 3, 'unavailable', 'failed', 'service not registered'],
    ['an unknown enum value', 9, 'unavailable', 'failed', 'unrecognised serving status 9'],
  ])('%s', (status, value, phase, condition, error) => {
    const [c] = grpcStateModel(answer([['my.Svc', value]])).components;
    expect(c).toMatchObject({ name: 'my.Svc', phase, condition, error, required: true });
    expect(c?.attributes['status']).toBe(status === 'an unknown enum value' ? '9' : status);
  });

  it("names the whole server '(server)'; its answer is a component, with no verdict beside it", () => {
    const model = grpcStateModel(answer([['', 1]]));
    expect(model.components.map((c) => c.name)).toEqual(['(server)']);
    expect(model.overall).toBeNull();
  });

  it('services only List reported are shown, sorted, and never decide', () => {
    const model = grpcStateModel(answer([['a', 1]], [['z', 2], ['', 1], ['a', 2]]));
    expect(model.components.map((c) => [c.name, c.required, c.condition])).toEqual([
      ['a', true, 'ok'],
      ['(server)', false, 'ok'],
      ['z', false, 'failed'],
    ]);
    expect(evaluate(model, noFilters).probes).toEqual({ startup: 'pass', liveness: 'pass', readiness: 'pass' });
  });

  it.each<[string, CheckAnswer]>([
    ['NOT_SERVING', 2],
    ['UNKNOWN', 0],
    ['SERVICE_UNKNOWN', 3],
    ['NOT_FOUND', 'not-found'],
  ])('%s fails every probe kind, startup included, as kubelet\'s gRPC probe does', (_status, value) => {
    const model = grpcStateModel(answer([['', value]]));
    expect(evaluate(model, noFilters).probes).toEqual({ startup: 'fail', liveness: 'fail', readiness: 'fail' });
  });

  it('an excluded service decides nothing, liveness included', () => {
    const model = grpcStateModel(answer([['a', 1], ['b', 2]]));
    const probes = evaluate(model, { ...noFilters, exclude: [/^b$/] }).probes;
    expect(probes).toEqual({ startup: 'pass', liveness: 'pass', readiness: 'pass' });
  });
});

describe('connectReason: what grpc-js says, made readable', () => {
  it.each([
    ['No connection established. Last error: Error: connect ECONNREFUSED 127.0.0.1:1. Resolution note: ', 'connect ECONNREFUSED 127.0.0.1:1'],
    ['No connection established. Last error: Error: self-signed certificate. Resolution note: ', 'self-signed certificate'],
    ['No connection established. Last error: Failed to connect (2026-11-24T01:20:16.805Z). Resolution note: ', 'Failed to connect'],
    [
      'No connection established. Last error: 803CD09E307F0000:error:0A00045C:SSL routines:ssl3_read_bytes:tlsv13 alert certificate required:../deps/openssl/openssl/ssl/record/rec_layer_s3.c:1601:SSL alert number 116\n (2026-11-24T01:20:18.472Z). Resolution note: ',
      'tlsv13 alert certificate required',
    ],
    // BoringSSL, as Bun reports it.
    ['No connection established. Last error: Error: self signed certificate. Resolution note: ', 'self-signed certificate'],
    ['No connection established. Last error: error:1000045c:SSL routines:OPENSSL_internal:TLSV1_ALERT_CERTIFICATE_REQUIRED. Resolution note: ', 'tlsv1 alert certificate required'],
    [
      "No connection established. Last error: Error [ERR_TLS_CERT_ALTNAME_INVALID]: Hostname/IP does not match certificate's altnames: Host: x. is not in the cert's altnames: DNS:localhost. Resolution note: ",
      "Hostname/IP does not match certificate's altnames: Host: x. is not in the cert's altnames: DNS:localhost (ERR_TLS_CERT_ALTNAME_INVALID)",
    ],
  ])('%j', (details, reason) => {
    expect(connectReason(details)).toBe(reason);
  });
});
