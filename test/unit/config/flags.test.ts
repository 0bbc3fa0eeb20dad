import { describe, expect, it } from 'vitest';
import { resolveCheckOptions } from '../../../src/config/check-options.js';
import { DEMO_FLAGS, DIAGNOSE_FLAGS, INIT_FLAGS, PROBE_FLAGS, RUN_FLAGS, WAIT_FLAGS } from '../../../src/config/command-flags.js';
import { CHECK_FLAGS, flagKeys, flagVariable, mergeAliases } from '../../../src/config/flags.js';
import { PROBE_KINDS } from '../../../src/model/types.js';
import { RUNTIME_NAMES } from '../../../src/runtimes/facts.js';

const variables = (table: Parameters<typeof flagKeys>[0]): Record<string, string | null> => Object.fromEntries(flagKeys(table).map((key) => [key, flagVariable(key, table[key] ?? { kind: 'bool', help: '' })]));

describe('the flag table', () => {
  it('names every variable after its flag, HEALTHCTL_ and the name in capitals; an alias has none', () => {
    expect(variables(CHECK_FLAGS)).toMatchObject({ unixSocket: 'HEALTHCTL_UNIX_SOCKET', healthAddr: 'HEALTHCTL_HEALTH_ADDR', for: null });
    expect(variables(PROBE_FLAGS)).toMatchObject({ targetsFrom: 'HEALTHCTL_TARGETS_FROM', eachAddress: 'HEALTHCTL_EACH_ADDRESS' });
  });

  it("says where a command reads another variable: wait's --timeout is HEALTHCTL_WAIT_TIMEOUT; init and demo read almost none", () => {
    expect(variables(WAIT_FLAGS)).toMatchObject({ timeout: 'HEALTHCTL_WAIT_TIMEOUT', requestTimeout: 'HEALTHCTL_REQUEST_TIMEOUT', interval: 'HEALTHCTL_INTERVAL' });
    expect(variables(RUN_FLAGS)).toMatchObject({ timeout: 'HEALTHCTL_TIMEOUT', extendTimeout: 'HEALTHCTL_EXTEND_TIMEOUT' });
    expect(variables(DIAGNOSE_FLAGS)).toMatchObject({ watch: null });
    expect(Object.values(variables(INIT_FLAGS))).toEqual([null, null]);
    expect(Object.values(variables(DEMO_FLAGS)).filter((v) => v !== null)).toEqual(['HEALTHCTL_PROBE', 'HEALTHCTL_RUNTIME']);
  });

  it('takes its choices from the lists the rest of healthctl uses', () => {
    expect(CHECK_FLAGS.probe.choices).toBe(PROBE_KINDS);
    expect(CHECK_FLAGS.runtime.choices).toEqual(['auto', ...RUNTIME_NAMES]);
    expect(DEMO_FLAGS.runtime.choices).toBe(CHECK_FLAGS.runtime.choices);
  });

  it('merges --for into --probe in one place, where every command resolves its options; --probe wins', () => {
    expect(mergeAliases({ for: 'startup' })).toEqual({ probe: 'startup' });
    expect(mergeAliases({ probe: 'liveness', for: 'startup' })).toEqual({ probe: 'liveness' });
    expect(resolveCheckOptions(undefined, { for: 'startup' }, {}).probe).toBe('startup');
    expect(resolveCheckOptions(undefined, { for: 'startup' }, { HEALTHCTL_PROBE: 'liveness' }).probe).toBe('startup');
  });

  it('reads the variables the table names, and an error names the variable', () => {
    expect(resolveCheckOptions(undefined, {}, { HEALTHCTL_DEGRADED: 'fail', HEALTHCTL_EXCLUDE: 'a,b' }).degraded).toBe('fail');
    expect(() => resolveCheckOptions(undefined, {}, { HEALTHCTL_OUTPUT: 'yaml' })).toThrow("HEALTHCTL_OUTPUT: 'yaml' is not one of text, json");
    expect(() => resolveCheckOptions(undefined, {}, { HEALTHCTL_FOR: 'startup', HEALTHCTL_METHOD: 'POST' })).toThrow("HEALTHCTL_METHOD: 'POST' is not one of GET, HEAD");
  });
});
