import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runClient, type DockerResult } from './docker.js';

/**
 * Podman as root with everything under a temp folder: vfs storage, cgroupfs, a file for events and
 * runc, so nothing needs systemd or a storage driver the machine may lack. Without systemd, Podman
 * runs no healthcheck on a timer: the tests run each one with `podman healthcheck run`.
 */
export interface Podman {
  podman(args: readonly string[], options?: { timeoutMs?: number }): Promise<DockerResult>;
  /** Removes every pod, container and image, then the folder. */
  stop(): Promise<void>;
}

/** Why Podman cannot run here, or null when it can. */
export function podmanMissing(): string | null {
  if (process.getuid?.() !== 0) return 'podman needs root here';
  for (const tool of ['podman', 'runc', 'catatonit']) {
    if (spawnSync('sh', ['-c', `command -v ${tool} || test -x /usr/libexec/podman/${tool}`]).status !== 0) {
      return `${tool} not installed (apt-get install podman runc catatonit)`;
    }
  }
  return null;
}

export function startPodman(): Podman {
  const root = mkdtempSync(join(tmpdir(), 'hc-podman-'));
  // Rootful Podman sets ulimits from containers.conf defaults that a sandboxed root may not raise.
  const conf = join(root, 'containers.conf');
  writeFileSync(conf, '[containers]\ndefault_ulimits = []\n');
  const global = ['--root', join(root, 'storage'), '--runroot', join(root, 'run'), '--storage-driver', 'vfs', '--cgroup-manager', 'cgroupfs', '--events-backend', 'file', '--runtime', 'runc', '--tmpdir', join(root, 'tmp')];

  const podman = (args: readonly string[], options: { timeoutMs?: number } = {}): Promise<DockerResult> =>
    runClient('podman', [...global, ...args], { ...options, env: { ...process.env, CONTAINERS_CONF: conf } });

  const stop = async (): Promise<void> => {
    await podman(['pod', 'rm', '--all', '--force', '--time', '0']);
    await podman(['rm', '--all', '--force', '--time', '0']);
    await podman(['rmi', '--all', '--force']);
    rmSync(root, { recursive: true, force: true, maxRetries: 3 });
  };
  return { podman, stop };
}
