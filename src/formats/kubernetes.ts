import type { Component, Overall } from '../model/types.js';
import { makeComponent, makeOverall, rejectBody } from './component.js';
import type { FormatAdapter } from './types.js';

// `[+]etcd ok`, `[+]etcd excluded: ok`, `[-]etcd failed: reason withheld`.
const CHECK_LINE = /^\[([+-])\](\S+)\s*(.*)$/;
const CLOSING_LINE = /^(?:livez|readyz|healthz) check (passed|failed)$/;

/** Non-empty lines, trimmed, each with its 1-based line number in the body. */
function splitLines(text: string): Array<{ line: string; number: number }> {
  return text
    .split(/\r?\n/)
    .map((line, index) => ({ line: line.trim(), number: index + 1 }))
    .filter(({ line }) => line !== '');
}

function matchesKubernetes(text: string): boolean {
  const trimmed = text.trim();
  if (trimmed === 'ok') return true;
  return /^\[[+-]\]\S/.test(trimmed);
}

function readFailure(rest: string): string {
  const reason = rest.replace(/^failed:?\s*/, '');
  return reason === '' ? 'failed' : reason;
}

/** `readyz check failed`: the server's own verdict over every check, excluded ones left out. */
function readClosingLine(line: string, number: number): Overall | null {
  const closing = CLOSING_LINE.exec(line);
  if (closing === null) return null;
  return makeOverall({ status: line, phase: 'running', condition: closing[1] === 'passed' ? 'ok' : 'failed', source: `line ${number}` });
}

function parseLines(lines: ReadonlyArray<{ line: string; number: number }>): { components: Component[]; overall: Overall | null } {
  const components: Component[] = [];
  let overall: Overall | null = null;
  for (const { line, number } of lines) {
    const match = CHECK_LINE.exec(line);
    if (match === null) {
      overall = readClosingLine(line, number) ?? overall;
      continue;
    }
    const [, sign = '+', name = '', rest = ''] = match;
    const attributes = new Map<string, string>();
    if (rest.startsWith('excluded')) attributes.set('excluded', 'true');
    components.push(
      sign === '+'
        ? makeComponent({ name, phase: 'running', condition: 'ok', attributes })
        : makeComponent({ name, phase: 'running', condition: 'failed', error: readFailure(rest), attributes }),
    );
  }
  return { components, overall };
}

export const kubernetes: FormatAdapter = {
  name: 'kubernetes',
  claimsContentType: () => false,
  matchesShape: (body) => !body.jsonParsed && matchesKubernetes(body.text),
  parse(response) {
    const lines = splitLines(response.body);
    if (lines.length === 1 && lines[0]?.line === 'ok') {
      const component = makeComponent({ name: 'kubernetes', phase: 'running', condition: 'ok' });
      const overall = makeOverall({ status: 'ok', phase: 'running', condition: 'ok', source: 'body', standIn: 'kubernetes' });
      return { ok: true, model: { format: 'kubernetes', components: [component], overall } };
    }
    const { components, overall } = parseLines(lines);
    if (components.length === 0) return rejectBody('kubernetes health text', 'expected "[+]name ok" / "[-]name failed" lines or "ok"');
    return { ok: true, model: { format: 'kubernetes', components, overall } };
  },
};
