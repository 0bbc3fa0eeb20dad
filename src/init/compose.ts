import { DOCKER_TIMING, START_INTERVAL_ENGINE } from './docker.js';
import { execArray, probeWords, type InitOptions } from './options.js';

/** A Compose service with a healthcheck, and a dependent that starts only once it is healthy. */
export function renderCompose(options: InitOptions): string {
  const t = DOCKER_TIMING;
  return [
    `services:`,
    `  app:`,
    `    image: registry.example/app:1.0    # your image, with healthctl inside`,
    `    healthcheck:`,
    `      test: ${execArray(['CMD', ...probeWords(options, options.probe)])}`,
    `      interval: ${t.interval}`,
    `      timeout: ${t.timeout}`,
    `      retries: ${t.retries}`,
    `      start_period: ${t.startPeriod}`,
    `      start_interval: ${t.startInterval}    # Docker Engine ${START_INTERVAL_ENGINE}+; delete this line on older engines`,
    `  worker:`,
    `    image: registry.example/worker:1.0`,
    `    depends_on:`,
    `      app:`,
    `        condition: service_healthy    # created only once app is healthy; Compose 2.22+ stops if app turns unhealthy`,
    ``,
  ].join('\n');
}
