import { execFile } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../helpers/cli.js';

const DEPCRUISE = join(REPO_ROOT, 'node_modules/dependency-cruiser/bin/dependency-cruise.mjs');
const CONFIG = join(REPO_ROOT, '.dependency-cruiser.cjs');

/** dependency-cruiser over `src` of `dir`, with the repository's rules: its exit code (the number of violations) and its report. */
async function cruise(dir: string): Promise<{ violations: number; report: string }> {
  try {
    const { stdout } = await promisify(execFile)(process.execPath, [DEPCRUISE, 'src', '--config', CONFIG, '--output-type', 'err'], { cwd: dir });
    return { violations: 0, report: stdout };
  } catch (error: unknown) {
    const failed = error instanceof Error && 'code' in error && typeof error.code === 'number' && 'stdout' in error ? error : null;
    if (failed === null) throw error;
    return { violations: Number(failed.code), report: String(failed.stdout) };
  }
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    return entry.isDirectory() ? sourceFiles(path) : entry.name.endsWith('.ts') ? [path] : [];
  });
}

const files = sourceFiles(join(REPO_ROOT, 'src')).map((path) => ({ name: relative(REPO_ROOT, path), text: readFileSync(path, 'utf8') }));
const lineCount = (text: string): number => text.split('\n').length - (text.endsWith('\n') ? 1 : 0);

describe('the floors of docs/architecture.md', () => {
  it('hold in src: no import circle, no import of a higher floor, every module on a floor', async () => {
    const { violations, report } = await cruise(REPO_ROOT);
    expect(report).toContain('no dependency violations found');
    expect(violations).toBe(0);
  }, 60_000);

  it('are checked for real: a tree that breaks each rule breaks each rule', async () => {
    const { violations, report } = await cruise(join(REPO_ROOT, 'test/fixtures/layers'));
    expect(violations).toBe(4);
    expect(report).toMatch(/error base-imports-no-higher-floor: src\/base\/low\.ts → src\/commands\/high\.ts/);
    expect(report).toMatch(/error no-circular: src\/check\/(first|second)\.ts →/);
    expect(report).toMatch(/error sample-stands-alone: src\/sample\/module\.ts → src\/check\/first\.ts/);
    expect(report).toMatch(/error every-module-has-a-floor: src\/nowhere\.ts/);
  }, 60_000);

  it('only the cli touches the process streams: everything else writes through Io', () => {
    const writers = files.filter((f) => !f.name.startsWith('src/cli') && /process\.(stdout|stderr|stdin)\b/.test(f.text)).map((f) => f.name);
    expect(writers).toEqual([]);
  });

  it('commands stay thin (60 lines or less) and every file small (under 250 lines)', () => {
    expect(files.filter((f) => f.name.startsWith('src/commands/') && lineCount(f.text) > 60).map((f) => f.name)).toEqual([]);
    expect(files.filter((f) => lineCount(f.text) >= 250).map((f) => f.name)).toEqual([]);
  });
});
