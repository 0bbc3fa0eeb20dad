import { formatDuration } from '../base/durations.js';
import { RUNTIMES } from '../runtimes/facts.js';
import { execArray, probeWords, type InitOptions } from './options.js';

/** The HEALTHCHECK settings shared by the Dockerfile and Compose forms. */
export const DOCKER_TIMING = {
  interval: '30s',
  timeout: `${RUNTIMES.docker.ownTimeout.initMs / 1000}s`,
  startPeriod: '5m',
  startInterval: '2s',
  retries: 3,
} as const;

/** The first Docker Engine that accepts `--start-interval`. */
export const START_INTERVAL_ENGINE = '25.0';

export function dockerHealthcheck(options: InitOptions, withStartInterval: boolean): string {
  const t = DOCKER_TIMING;
  const flags = [
    `--interval=${t.interval}`,
    `--timeout=${t.timeout}`,
    `--start-period=${t.startPeriod}`,
    ...(withStartInterval ? [`--start-interval=${t.startInterval}`] : []),
    `--retries=${t.retries}`,
  ];
  return `HEALTHCHECK ${flags.join(' ')} CMD ${execArray(probeWords(options, options.probe))}`;
}

/** A Dockerfile HEALTHCHECK in exec form (works without a shell), and the form older engines accept. */
export function renderDocker(options: InitOptions): string {
  return [
    `# Dockerfile. Exec form: no shell needed (distroless and scratch images work).`,
    `# healthctl gives up after ${formatDuration(RUNTIMES.docker.deadlineMs)}, before --timeout, and never exits 2 (Docker reserves it).`,
    `# --start-interval needs Docker Engine ${START_INTERVAL_ENGINE} or later.`,
    dockerHealthcheck(options, true),
    ``,
    `# Docker Engine before ${START_INTERVAL_ENGINE} rejects --start-interval ("Unknown flag: start-interval"); there use:`,
    `# ${dockerHealthcheck(options, false)}`,
    ``,
  ].join('\n');
}
