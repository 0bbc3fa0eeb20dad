import { describe, expect, it } from 'vitest';
import { chooseRuntime } from '../../../src/config/check-options.js';
import { detectRuntime } from '../../../src/runtimes/detect.js';

const none = (): boolean => false;
const dockerenv = (path: string): boolean => path === '/.dockerenv';
const auto = (env: NodeJS.ProcessEnv, fileExists: (path: string) => boolean, stdoutIsTTY = false): string => detectRuntime({ env, stdoutIsTTY, fileExists }).runtime;

describe('--runtime auto', () => {
  it('ECS first, then Kubernetes, then Docker, then systemd, else plain', () => {
    expect(auto({ ECS_CONTAINER_METADATA_URI_V4: 'x', KUBERNETES_SERVICE_HOST: 'y' }, dockerenv)).toBe('ecs');
    expect(auto({ KUBERNETES_SERVICE_HOST: 'y', INVOCATION_ID: 'z' }, dockerenv)).toBe('kubernetes');
    expect(auto({ INVOCATION_ID: 'z' }, dockerenv)).toBe('docker');
    expect(auto({ INVOCATION_ID: 'z' }, none)).toBe('systemd');
    expect(auto({ NOTIFY_SOCKET: '/run/x' }, none)).toBe('systemd');
    expect(auto({}, none)).toBe('plain');
  });

  it('a terminal on stdout is a person: plain, even in a container (kubectl exec -it, docker exec -t, a devcontainer)', () => {
    expect(auto({ KUBERNETES_SERVICE_HOST: '10.0.0.1' }, dockerenv, true)).toBe('plain');
    expect(auto({ ECS_CONTAINER_METADATA_URI_V4: 'x' }, none, true)).toBe('plain');
    expect(auto({}, dockerenv, true)).toBe('plain');
    expect(auto({ INVOCATION_ID: 'z' }, none, true)).toBe('plain');
  });

  it('says why it chose', () => {
    expect(detectRuntime({ env: { KUBERNETES_SERVICE_HOST: 'y' }, stdoutIsTTY: false, fileExists: dockerenv })).toEqual({ runtime: 'kubernetes', source: 'auto', reason: 'KUBERNETES_SERVICE_HOST is set' });
    expect(detectRuntime({ env: { KUBERNETES_SERVICE_HOST: 'y' }, stdoutIsTTY: true, fileExists: none }).reason).toBe('stdout is a terminal');
    expect(detectRuntime({ env: {}, stdoutIsTTY: false, fileExists: dockerenv }).reason).toBe('/.dockerenv exists');
    expect(detectRuntime({ env: { NOTIFY_SOCKET: '/run/x' }, stdoutIsTTY: false, fileExists: none }).reason).toBe('NOTIFY_SOCKET is set');
    expect(detectRuntime({ env: {}, stdoutIsTTY: false, fileExists: none }).reason).toBe('no runtime detected');
  });

  it('a named runtime wins over the terminal: the flag, then HEALTHCTL_RUNTIME', () => {
    expect(chooseRuntime('docker', { HEALTHCTL_RUNTIME: 'nagios' }, true)).toEqual({ runtime: 'docker', source: '--runtime', reason: null });
    expect(chooseRuntime(undefined, { HEALTHCTL_RUNTIME: 'nagios' }, true)).toEqual({ runtime: 'nagios', source: 'HEALTHCTL_RUNTIME', reason: null });
    expect(chooseRuntime('auto', { HEALTHCTL_RUNTIME: 'nagios' }, true)).toMatchObject({ runtime: 'plain', source: 'auto' });
  });

  it('a Podman container (/run/.containerenv) is answered as Docker: its HEALTHCHECK works the same way', () => {
    const containerenv = (path: string): boolean => path === '/run/.containerenv';
    expect(auto({ INVOCATION_ID: 'z' }, containerenv)).toBe('docker');
    expect(auto({ KUBERNETES_SERVICE_HOST: 'y' }, containerenv)).toBe('kubernetes');
    expect(detectRuntime({ env: {}, stdoutIsTTY: false, fileExists: containerenv }).reason).toBe('/run/.containerenv exists (Podman)');
  });
});
