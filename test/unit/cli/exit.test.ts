import { describe, expect, it } from 'vitest';
import { HealthctlError, Interrupted, usageError } from '../../../src/base/errors.js';
import { errorExit, exitModeOf } from '../../../src/cli/exit.js';
import { testIo } from '../../helpers/io.js';

const mode = (argv: string[], env: NodeJS.ProcessEnv = {}) => exitModeOf(argv, testIo({ env }))();

describe('the exit mode: the runtime and -a, resolved once from the command line', () => {
  it('finds --runtime and -a in every spelling the flag table has', () => {
    expect(mode(['probe', '--runtime', 'nagios', '--nope'])).toEqual({ runtime: 'nagios', pomeriumCompat: false });
    expect(mode(['probe', '--runtime=nagios'])).toEqual({ runtime: 'nagios', pomeriumCompat: false });
    expect(mode(['probe', '-a', '127.0.0.1:1', '--runtime', 'nagios'])).toEqual({ runtime: 'nagios', pomeriumCompat: true });
    expect(mode(['probe', '--health-addr=127.0.0.1:1'])).toMatchObject({ pomeriumCompat: true });
  });

  it('falls back to the variable, then to detection, when the runtime named is itself the mistake', () => {
    expect(mode(['probe', '--runtime', 'bogus'], { HEALTHCTL_RUNTIME: 'nagios' }).runtime).toBe('nagios');
    expect(mode(['probe'], { HEALTHCTL_RUNTIME: 'k8s', KUBERNETES_SERVICE_HOST: '10.0.0.1' }).runtime).toBe('kubernetes');
  });

  it('takes -a from its variable too, as the check itself does', () => {
    expect(mode(['probe'], { HEALTHCTL_HEALTH_ADDR: '127.0.0.1:1' }).pomeriumCompat).toBe(true);
  });

  it("reads nothing after --: those are run's service's own arguments", () => {
    expect(mode(['run', '--runtime', 'docker', '--', 'app', '--runtime', 'nagios', '-a', 'x'])).toEqual({ runtime: 'docker', pomeriumCompat: false });
  });

  it('is resolved once, when the first exit code needs it', () => {
    let reads = 0;
    const env = new Proxy<NodeJS.ProcessEnv>({}, { get: (_t, name) => (typeof name === 'string' && name.startsWith('HEALTHCTL_') ? void (reads += 1) : undefined) });
    const resolve = exitModeOf(['probe', '--runtime', 'plain'], testIo({ env }));
    expect(reads).toBe(0);
    resolve();
    const after = reads;
    expect(after).toBeGreaterThan(0);
    resolve();
    expect(reads).toBe(after);
  });
});

describe('errorExit: one line on stderr, and the code from the one exit-code function', () => {
  const run = (error: unknown, argv: string[]) => {
    let stderr = '';
    const io = testIo({ stderr: (t) => (stderr += t) });
    return { code: errorExit(error, exitModeOf(argv, io), io), stderr };
  };

  it('an interruption: 128 + the signal, UNKNOWN under nagios', () => {
    expect(run(new Interrupted('SIGINT'), ['wait', '--runtime', 'plain'])).toEqual({ code: 130, stderr: 'healthctl: interrupted by SIGINT\n' });
    expect(run(new Interrupted('SIGTERM'), ['wait', '--runtime', 'nagios']).code).toBe(3);
  });

  it("a usage error: the runtime's usage code, or 1 with -a whatever the runtime", () => {
    expect(run(usageError('--timeout: bad'), ['probe', '--runtime', 'nagios']).code).toBe(3);
    expect(run(usageError('--timeout: bad'), ['probe', '--runtime', 'nagios', '-a', 'h:1']).code).toBe(1);
    expect(run(new HealthctlError('unreachable', 'no demo service'), ['demo', 'set', 'x', 'running', '--runtime', 'plain']).code).toBe(2);
  });

  it('a bug: one line naming it, never a stack trace', () => {
    const { code, stderr } = run(new TypeError('x is not a function\n    at y'), ['probe', '--runtime', 'plain']);
    expect(code).toBe(1);
    expect(stderr).toBe('healthctl: internal error: x is not a function\\n    at y\n');
  });
});
