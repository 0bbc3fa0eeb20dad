/**
 * How README.md and docs/*.md show commands, and how the finder tells them apart:
 *
 * - A session is a ```console block: `$ COMMAND` lines, each followed by exactly what it
 *   prints (stdout and stderr). The line right above the block names the setting it runs in,
 *   `<!-- session: NAME -->` or, for a setting that takes them, `<!-- session: NAME ARGS -->`
 *   (see settings.ts); every session is run by docs-sessions.test.ts.
 * - Commands shown without their output go in ```sh blocks, without a `$ ` prompt; they are
 *   not run. Output shown without its command goes in ```text (or the format's own fence).
 *
 * So a `$ ` prompt outside a ```console block, and a ```console block without a setting, are
 * mistakes the test reports.
 */

export interface Step {
  /** The command as written after `$ `. */
  command: string;
  /** What the document shows it printing, trailing blank lines dropped. */
  expected: string;
  /** 1-based line of the `$ ` line in its file. */
  line: number;
}

export interface Session {
  file: string;
  /** 1-based line of the opening fence. */
  line: number;
  setting: string | null;
  /** What follows the setting's name in the marker, for settings that take arguments. */
  args: string;
  steps: Step[];
}

export interface Misplaced {
  file: string;
  line: number;
  text: string;
}

interface Block {
  info: string;
  /** 1-based line of the opening fence. */
  line: number;
  indent: string;
  lines: string[];
  /** The last non-blank line above the fence. */
  above: string;
}

function fencedBlocks(markdown: string): Block[] {
  const lines = markdown.split('\n');
  const blocks: Block[] = [];
  for (let i = 0; i < lines.length; i++) {
    const open = /^(\s*)```(\S*)\s*$/.exec(lines[i] ?? '');
    if (open === null) continue;
    const indent = open[1] ?? '';
    let above = '';
    for (let j = i - 1; j >= 0 && above === ''; j--) above = (lines[j] ?? '').trim();
    const body: string[] = [];
    let end = i + 1;
    while (end < lines.length && (lines[end] ?? '').trim() !== '```') {
      const text = lines[end] ?? '';
      body.push(text.startsWith(indent) ? text.slice(indent.length) : text.trimStart());
      end += 1;
    }
    blocks.push({ info: open[2] ?? '', line: i + 1, indent, lines: body, above });
    i = end;
  }
  return blocks;
}

function steps(block: Block): Step[] {
  const found: Step[] = [];
  for (const [index, text] of block.lines.entries()) {
    if (text.startsWith('$ ')) found.push({ command: text.slice(2), expected: '', line: block.line + 1 + index });
    else {
      const last = found.at(-1);
      if (last !== undefined) last.expected += `${text}\n`;
    }
  }
  for (const step of found) {
    const output = step.expected.replace(/\n+$/, '');
    step.expected = output === '' ? '' : `${output}\n`;
  }
  return found;
}

/** Every ```console session in one Markdown file. */
export function findSessions(file: string, markdown: string): Session[] {
  return fencedBlocks(markdown)
    .filter((block) => block.info === 'console')
    .map((block) => {
      const marker = /^<!-- session: (\S+)(?: (.+?))? -->$/.exec(block.above);
      return { file, line: block.line, setting: marker?.[1] ?? null, args: marker?.[2] ?? '', steps: steps(block) };
    });
}

/** `$ ` prompts in blocks that are not sessions: they would never be run. */
export function findMisplacedPrompts(file: string, markdown: string): Misplaced[] {
  return fencedBlocks(markdown)
    .filter((block) => block.info !== 'console')
    .flatMap((block) =>
      block.lines.flatMap((text, index) => (text.startsWith('$ ') ? [{ file, line: block.line + 1 + index, text }] : [])),
    );
}
