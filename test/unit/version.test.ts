import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { VERSION } from '../../src/cli/program.js';
import { REPO_ROOT } from '../helpers/cli.js';

describe('--version', () => {
  it('is the version package.json publishes', () => {
    const pkg = JSON.parse(readFileSync(`${REPO_ROOT}package.json`, 'utf8')) as { version: string };
    expect(VERSION).toBe(pkg.version);
  });
});
