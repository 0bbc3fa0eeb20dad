import type { Component, StateModel } from '../model/types.js';
import type { AnsweredStatus, GrpcHealthResult } from './grpc.js';
import { grpcStateModel, serviceComponentName } from './grpc-state.js';

/** A service whose Check the server answered with an error status: it says it cannot serve, so every probe kind fails. */
function answeredComponent(answered: AnsweredStatus): Component {
  const details = answered.details === '' ? '' : `: ${answered.details}`;
  return {
    name: serviceComponentName(answered.service),
    phase: 'unavailable',
    condition: 'failed',
    required: true,
    error: `answered ${answered.code}${details}`,
    attributes: { status: answered.code },
  };
}

/**
 * The state model of a gRPC answer: ServingStatus answers as grpc-state maps them, services
 * whose Check the server answered with an error status next to them, and why List was not
 * used (as an attribute diagnose shows) when it was not.
 */
export function grpcAnswerModel(answer: GrpcHealthResult): StateModel {
  const model = grpcStateModel(answer);
  const answeredNames = new Set(answer.answered.map((a) => serviceComponentName(a.service)));
  // Check decides: a service List also reported is shown once, as Check answered it.
  const others = model.components.filter((c) => !(answeredNames.has(c.name) && !c.required));
  const required = others.filter((c) => c.required);
  const components = [...required, ...answer.answered.map(answeredComponent), ...others.filter((c) => !c.required)];
  const first = components[0];
  if (answer.listNote !== null && first !== undefined) components[0] = { ...first, attributes: { ...first.attributes, list: answer.listNote } };
  return { ...model, components };
}
