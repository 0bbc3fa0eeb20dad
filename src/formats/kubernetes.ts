import type { Component } from '../model/types.js';
import { makeComponent, rejectBody } from './component.js';
import type { FormatAdapter } from './types.js';

// `[+]etcd ok`, `[+]etcd excluded: ok`, `[-]etcd failed: reason withheld`.
const CHECK_LINE = /^\[([+-])\](\S+)\s*(.*)$/;
const CLOSING_LINE = /^(?:livez|readyz|healthz) check (?:passed|failed)$/;

function splitLines(text: string): string[] {
  return text.split(/\r?\n/).map((line) => line.trim()).filter((line) => line !== '');
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

function parseLines(lines: string[]): { components: Component[]; claimed: string | null } {
  const components: Component[] = [];
  let claimed: string | null = null;
  for (const line of lines) {
    const match = CHECK_LINE.exec(line);
    if (match === null) {
      if (CLOSING_LINE.test(line)) claimed = line;
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
  return { components, claimed };
}

export const kubernetes: FormatAdapter = {
  name: 'kubernetes',
  claimsContentType: () => false,
  matchesShape: (body) => !body.jsonParsed && matchesKubernetes(body.text),
  parse(response) {
    const lines = splitLines(response.body);
    if (lines.length === 1 && lines[0] === 'ok') {
      return { ok: true, model: { format: 'kubernetes', components: [makeComponent({ name: 'kubernetes', phase: 'running', condition: 'ok' })], claimed: 'ok' } };
    }
    const { components, claimed } = parseLines(lines);
    if (components.length === 0) return rejectBody('kubernetes health text', 'expected "[+]name ok" / "[-]name failed" lines or "ok"');
    return { ok: true, model: { format: 'kubernetes', components, claimed } };
  },
};
