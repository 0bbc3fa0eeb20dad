import { expect } from 'vitest';

/** One `$ command` of a console block and the output shown under it. */
export interface Step {
  command: string;
  expected: string;
}

/** A console block marked `<!-- MARKER: SETUP -->`: what SETUP says, and its steps. */
export interface ConsoleSession {
  setup: string;
  steps: Step[];
}

/** Every ```console block right after `<!-- marker: … -->` in a Markdown page. */
export function consoleSessions(markdown: string, marker: string): ConsoleSession[] {
  const found: ConsoleSession[] = [];
  const re = new RegExp(`<!-- ${marker}: ([^>]+?) -->\\n\`\`\`console\\n([\\s\\S]*?)\`\`\``, 'g');
  for (const match of markdown.matchAll(re)) {
    const steps: Step[] = [];
    for (const line of (match[2] ?? '').split('\n')) {
      if (line.startsWith('$ ')) steps.push({ command: line.slice(2), expected: '' });
      else if (steps.length > 0 && line !== '') {
        const last = steps[steps.length - 1];
        if (last !== undefined) last.expected += `${line}\n`;
      }
    }
    found.push({ setup: match[1] ?? '', steps });
  }
  return found;
}

/**
 * Runs each `$ healthctl …` step with `run` and checks its output (both sides through
 * `normalise`); `$ echo $?` checks the exit status of the step before it.
 */
export async function runSteps(
  steps: readonly Step[],
  run: (args: string[]) => Promise<{ code: number | null; stdout: string; stderr: string }>,
  normalise: (text: string) => string,
): Promise<void> {
  let lastCode: number | null = null;
  for (const step of steps) {
    if (step.command === 'echo $?') {
      expect(`${lastCode}\n`, 'exit status').toBe(step.expected);
      continue;
    }
    const r = await run(step.command.replace(/^healthctl /, '').split(' '));
    lastCode = r.code;
    expect(normalise(r.stdout + r.stderr), step.command).toBe(normalise(step.expected));
  }
}
