import type { Component, StateModel } from '../model/types.js';
import type { CheckAnswer, GrpcHealthAnswer } from './grpc.js';

/** The component name of a service; `''` asks about the whole server. */
export function serviceComponentName(service: string): string {
  return service === '' ? '(server)' : service;
}

const STATUS_NAMES: Record<number, string> = { 0: 'UNKNOWN', 1: 'SERVING', 2: 'NOT_SERVING', 3: 'SERVICE_UNKNOWN' };

/**
 * One component per service, mapped from its ServingStatus. NOT_SERVING is running and failed:
 * a status-only answer, so evaluate() fails every probe kind on it, startup included, as
 * kubelet's gRPC probe does.
 */
function toComponent(service: string, answer: CheckAnswer, required: boolean): Component {
  const name = serviceComponentName(service);
  const status = answer === 'not-found' ? 'NOT_FOUND' : (STATUS_NAMES[answer] ?? String(answer));
  const attributes = { status };
  const base = { name, required, attributes };
  if (answer === 1) return { ...base, phase: 'running', condition: 'ok', error: null };
  if (answer === 2) return { ...base, phase: 'running', condition: 'failed', error: 'NOT_SERVING' };
  // SERVICE_UNKNOWN is Watch's word for a service the server does not have.
  if (answer === 'not-found' || answer === 3) return { ...base, phase: 'unavailable', condition: 'failed', error: 'service not registered' };
  if (answer === 0) return { ...base, phase: 'unavailable', condition: 'failed', error: 'status UNKNOWN' };
  return { ...base, phase: 'unavailable', condition: 'failed', error: `unrecognised serving status ${answer}` };
}

/**
 * The checked services decide (required); services only List reported are shown for
 * diagnose and never decide. Check answers win over List for the same service.
 */
export function grpcStateModel(answer: GrpcHealthAnswer): StateModel {
  const checkedNames = new Set(answer.checked.map((c) => c.service));
  const components = answer.checked.map((c) => toComponent(c.service, c.answer, true));
  const extra = [...(answer.listed ?? new Map<string, number>())].filter(([service]) => !checkedNames.has(service)).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  for (const [service, status] of extra) components.push(toComponent(service, status, false));
  // Each checked service's answer is a component of its own; there is no verdict beside them.
  return { format: 'grpc', components, overall: null };
}
