import { existsSync } from 'node:fs';
import type { RuntimeName } from './exit-codes.js';

/**
 * `--runtime auto`, in the contract's order: ECS, Kubernetes, Docker, systemd, else plain. Podman marks
 * its containers with /run/.containerenv and runs HEALTHCHECK as Docker does: the docker runtime answers it.
 */
export function detectRuntime(env: NodeJS.ProcessEnv, fileExists: (path: string) => boolean = existsSync): RuntimeName {
  if (env['ECS_CONTAINER_METADATA_URI_V4']) return 'ecs';
  if (env['KUBERNETES_SERVICE_HOST']) return 'kubernetes';
  if (fileExists('/.dockerenv') || fileExists('/run/.containerenv')) return 'docker';
  if (env['INVOCATION_ID'] || env['NOTIFY_SOCKET']) return 'systemd';
  return 'plain';
}
