import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { main } from '../../../src/cli.js';
import { REPO_ROOT } from '../../helpers/cli.js';
import { testIo } from '../../helpers/io.js';

const DOC = readFileSync(`${REPO_ROOT}docs/deploying.md`, 'utf8');

async function initOutput(args: string[]): Promise<string> {
  let stdout = '';
  const code = await main(['init', ...args], testIo({ stdout: (t) => (stdout += t), startedAt: performance.now() }));
  expect(code).toBe(0);
  return stdout;
}

describe("docs/deploying.md shows exactly what init prints", () => {
  it.each([['kubernetes'], ['docker'], ['compose'], ['ecs'], ['systemd'], ['docker', '--bin', '/healthctl']])('healthctl init %s', async (...args) => {
    const output = await initOutput(args);
    // The command in a sh block, then its output whole in the next fenced block, so what users paste is what init prints.
    expect(DOC).toMatch(new RegExp(`\`\`\`sh\\nhealthctl init ${escape(args.join(' '))}\\n\`\`\`\\n\\n\`\`\`[a-z]+\\n${escape(output)}\`\`\`\\n`));
  });
});

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
