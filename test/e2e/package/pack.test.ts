import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, normalize } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../helpers/cli.js';

// --ignore-scripts: `prepare` would rebuild dist/ under the other tests; pretest has built it.
const packed = new Set(
  (JSON.parse(execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: REPO_ROOT, encoding: 'utf8', env: { ...process.env, npm_config_update_notifier: 'false' } })) as Array<{ files: Array<{ path: string }> }>)
    .flatMap((p) => p.files)
    .map((f) => f.path),
);

const docs = readdirSync(join(REPO_ROOT, 'docs')).filter((f) => f.endsWith('.md'));
const schemas = readdirSync(join(REPO_ROOT, 'docs', 'schema')).filter((f) => f.endsWith('.json'));

/** Every relative link target in a Markdown file, as a path from the package root (anchors dropped). */
function relativeLinks(file: string): string[] {
  const text = readFileSync(join(REPO_ROOT, file), 'utf8').replace(/```[\s\S]*?```/g, '');
  const targets = [...text.matchAll(/\]\(([^)\s]+)(?:\s+"[^"]*")?\)/g), ...text.matchAll(/^\[[^\]]+\]:\s*(\S+)/gm)].map((m) => m[1] ?? '');
  return targets
    .filter((t) => !/^[a-z][a-z0-9+.-]*:/i.test(t) && !t.startsWith('#'))
    .map((t) => normalize(join(dirname(file), decodeURIComponent(t.split('#')[0] ?? ''))).replaceAll('\\', '/'));
}

describe('npm pack: what an installed copy holds', () => {
  it('the program, its licence, its changelog and every doc and schema', () => {
    expect(docs.length).toBeGreaterThan(5);
    for (const file of ['LICENSE', 'CHANGELOG.md', 'README.md', 'package.json', 'bin/healthctl.js', 'bin/package.json', 'dist/cli.js', 'dist/probe.cjs', 'dist/index.js', 'dist/sample.js']) {
      expect(packed, file).toContain(file);
    }
    for (const doc of docs) expect(packed, doc).toContain(`docs/${doc}`);
    for (const schema of schemas) expect(packed, schema).toContain(`docs/schema/${schema}`);
  });

  it('nothing from the development tree: sources, tests, benchmarks, tarballs', () => {
    expect([...packed].filter((f) => /^(src|test|bench|scripts)\/|\.tgz$/.test(f))).toEqual([]);
  });

  it('LICENSE is the Apache License 2.0 that package.json names', () => {
    const license = readFileSync(join(REPO_ROOT, 'LICENSE'), 'utf8');
    expect((JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as { license: string }).license).toBe('Apache-2.0');
    expect(license).toMatch(/^\s+Apache License\n\s+Version 2\.0, January 2004\n/);
    expect(license).toContain('END OF TERMS AND CONDITIONS');
  });

  it.each(['README.md', ...docs.map((d) => `docs/${d}`)])('every relative link in %s points at a file the package contains', (file) => {
    const links = relativeLinks(file);
    if (file === 'README.md') expect(links.length).toBeGreaterThan(5);
    expect(links.filter((target) => !packed.has(target))).toEqual([]);
  });
});
