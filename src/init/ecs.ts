import { RUNTIMES } from '../runtimes/facts.js';
import { execArray, probeWords, type InitOptions } from './options.js';

/** ECS limits: interval 5–300, timeout 2–60, retries 1–10, startPeriod 0–300 (seconds). */
export const ECS_HEALTH_CHECK = { interval: 30, timeout: RUNTIMES.ecs.ownTimeout.initMs / 1000, retries: 3, startPeriod: 300 } as const;

/**
 * The `healthCheck` of an ECS container definition, as JSON (no comments possible): healthctl
 * sees ECS_CONTAINER_METADATA_URI_V4 and gives up after its ecs deadline, before `timeout`.
 */
export function renderEcs(options: InitOptions): string {
  const fields = [`"command": ${execArray(['CMD', ...probeWords(options, options.probe)])}`, ...Object.entries(ECS_HEALTH_CHECK).map(([k, v]) => `${JSON.stringify(k)}: ${v}`)];
  return `{\n  "healthCheck": {\n${fields.map((f) => `    ${f}`).join(',\n')}\n  }\n}\n`;
}
