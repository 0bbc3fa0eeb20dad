import { formatDuration } from '../base/durations.js';
import type { ProbeKind } from '../model/types.js';
import { RUNTIMES } from '../runtimes/facts.js';
import { execArray, probeWords, type InitOptions } from './options.js';

const FIELD = { startup: 'startupProbe', readiness: 'readinessProbe', liveness: 'livenessProbe' } as const satisfies Record<ProbeKind, string>;

/** periodSeconds and failureThreshold per probe; startup allows 5 minutes to come up. */
const TIMING = {
  startup: { periodSeconds: 2, failureThreshold: 150, note: 'up to 5 minutes to start; liveness and readiness wait for it' },
  readiness: { periodSeconds: 10, failureThreshold: 3, note: 'out of the Service endpoints after 3 failures, no restart' },
  liveness: { periodSeconds: 10, failureThreshold: 3, note: 'restarted after 3 failures; liveness ignores dependencies' },
} as const satisfies Record<ProbeKind, { periodSeconds: number; failureThreshold: number; note: string }>;

/** The probes of a container spec, exec form, indented to paste under `containers: - name: …`. */
export function renderKubernetes(options: InitOptions): string {
  const kinds: readonly ProbeKind[] = options.probe === null ? ['startup', 'readiness', 'liveness'] : [options.probe];
  const lines = [
    `# Under spec.containers[]. healthctl sees KUBERNETES_SERVICE_HOST, answers as the kubernetes`,
    `# runtime and gives up after ${formatDuration(RUNTIMES.kubernetes.deadlineMs)}, before timeoutSeconds: kubelet records its reason.`,
  ];
  for (const kind of kinds) {
    const timing = TIMING[kind];
    lines.push(
      `${FIELD[kind]}:    # ${timing.note}`,
      `  exec:`,
      `    command: ${execArray(probeWords(options, kind, true))}`,
      `  periodSeconds: ${timing.periodSeconds}`,
      `  timeoutSeconds: ${RUNTIMES.kubernetes.ownTimeout.initMs / 1000}`,
      `  failureThreshold: ${timing.failureThreshold}`,
    );
  }
  return `${lines.join('\n')}\n`;
}
