import { describe, expect, it } from 'vitest';
import { detectRuntime } from '../../../src/runtimes/detect.js';

const none = (): boolean => false;
const dockerenv = (path: string): boolean => path === '/.dockerenv';

describe('--runtime auto (product.md §5 order)', () => {
  it('ECS first, then Kubernetes, then Docker, then systemd, else plain', () => {
    expect(detectRuntime({ ECS_CONTAINER_METADATA_URI_V4: 'x', KUBERNETES_SERVICE_HOST: 'y' }, dockerenv)).toBe('ecs');
    expect(detectRuntime({ KUBERNETES_SERVICE_HOST: 'y', INVOCATION_ID: 'z' }, dockerenv)).toBe('kubernetes');
    expect(detectRuntime({ INVOCATION_ID: 'z' }, dockerenv)).toBe('docker');
    expect(detectRuntime({ INVOCATION_ID: 'z' }, none)).toBe('systemd');
    expect(detectRuntime({ NOTIFY_SOCKET: '/run/x' }, none)).toBe('systemd');
    expect(detectRuntime({}, none)).toBe('plain');
  });

  it('a Podman container (/run/.containerenv) is answered as Docker: its HEALTHCHECK works the same way', () => {
    expect(detectRuntime({ INVOCATION_ID: 'z' }, (path) => path === '/run/.containerenv')).toBe('docker');
    expect(detectRuntime({ KUBERNETES_SERVICE_HOST: 'y' }, (path) => path === '/run/.containerenv')).toBe('kubernetes');
  });
});
