import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { REQUIRED_NOTIFY_ACCESS, systemdUnits } from '../../../src/init/systemd.js';

const DOC = readFileSync(new URL('../../../docs/systemd.md', import.meta.url), 'utf8');

describe('docs/systemd.md', () => {
  it('shows both units exactly as `healthctl init systemd --bin /usr/local/bin/healthctl` prints them', () => {
    const units = systemdUnits({ target: null, probe: null, bin: '/usr/local/bin/healthctl' });
    expect(units).toHaveLength(2);
    for (const unit of units) expect(DOC).toContain(unit.text);
  });

  it('the notify unit asks for the NotifyAccess that run needs, and the doc says why', () => {
    const notify = systemdUnits({ target: null, probe: null, bin: 'healthctl' }).find((u) => /^Type=notify$/m.test(u.text));
    expect(notify?.text).toContain(`NotifyAccess=${REQUIRED_NOTIFY_ACCESS}`);
    expect(DOC).toContain('### Why `NotifyAccess=all`');
  });
});
