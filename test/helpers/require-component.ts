/**
 * Tests that need a real component (systemd, a Docker engine, Podman, musl, the software
 * test/conformance runs) skip locally with a clear message when it is missing; CI sets
 * HEALTHCTL_E2E_REQUIRE=systemd,docker,etcd,containerd,nginx,prometheus,netns,podman,musl,mountns,arm64 so that a missing
 * component fails there instead of skipping silently.
 */
export function isRequired(component: string): boolean {
  return (process.env['HEALTHCTL_E2E_REQUIRE'] ?? '')
    .split(',')
    .map((s) => s.trim())
    .includes(component);
}

/** Returns null when the component is usable, else the reason; throws when it is required. */
export function checkComponent(component: string, missingReason: string | null): string | null {
  if (missingReason === null) return null;
  if (isRequired(component)) {
    throw new Error(`${component} is required here (HEALTHCTL_E2E_REQUIRE) but unavailable: ${missingReason}`);
  }
  console.warn(`skipping ${component} tests: ${missingReason}`);
  return missingReason;
}
