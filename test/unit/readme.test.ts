import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../helpers/cli.js';

const lines = readFileSync(`${REPO_ROOT}README.md`, 'utf8').split('\n');
const firstScreen = lines.slice(0, 65).join('\n');

describe('README.md: a newcomer finds the essentials first', () => {
  it('stays under 300 lines; the rest is in docs/', () => {
    expect(lines.length).toBeLessThan(300);
  });

  it('its first screen says how to install, how to probe, the exit codes and the formats', () => {
    expect(firstScreen).toMatch(/^## Install$/m);
    expect(firstScreen).toMatch(/Node\.js 20\.18 or later/);
    expect(firstScreen).toMatch(/^npm install -g \.\/healthctl-\d+\.\d+\.\d+\.tgz/m);
    expect(firstScreen).toMatch(/^healthctl probe http/m);
    expect(firstScreen).toMatch(/HEALTHCHECK CMD \[/);
    expect(firstScreen).toMatch(/^## Exit codes\n\n\| outcome \|/m);
    expect(firstScreen).toMatch(/^## Formats it reads$/m);
    expect(firstScreen).toContain('[docs/formats.md](docs/formats.md)');
  });

  it('the tarball it installs is the one npm pack makes', () => {
    const { version } = JSON.parse(readFileSync(`${REPO_ROOT}package.json`, 'utf8')) as { version: string };
    expect(firstScreen).toContain(`npm install -g ./healthctl-${version}.tgz`);
  });
});
