import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { STATUS_MEMBERS, STATUS_WORDS, TEXT_MEMBERS } from '../../../src/formats/generic-json.js';
import { DEDICATED_ENDPOINTS } from '../../../src/model/endpoints.js';
import { FORMAT_NAMES, PROBE_KINDS } from '../../../src/model/types.js';

// docs/formats.md is the users' reference: its tables must say what the code does.
const DOC = readFileSync(new URL('../../../docs/formats.md', import.meta.url), 'utf8');

/** The cells of each row of the table whose header row starts with `heading`. */
function tableAfter(heading: string): string[][] {
  const start = DOC.indexOf(heading);
  if (start < 0) throw new Error(`docs/formats.md has no ${heading}`);
  const rows: string[][] = [];
  for (const line of DOC.slice(start).split('\n').slice(1)) {
    if (!line.startsWith('|')) break;
    if (!line.startsWith('|---')) rows.push(line.split('|').slice(1, -1).map((cell) => cell.trim()));
  }
  return rows;
}

const backticked = (cell: string | undefined): string[] => [...(cell ?? '').matchAll(/`([^`]+)`/g)].map((m) => m[1] ?? '');

describe('docs/formats.md', () => {
  it('has a section for every format', () => {
    for (const name of FORMAT_NAMES) expect(DOC, name).toMatch(new RegExp(`^### \`${name}\` — `, 'm'));
  });

  it('lists the dedicated endpoints the code knows, per probe kind', () => {
    const rows = DOC.split('\n').filter((l) => /^\| (liveness|readiness|startup) \| `\//.test(l));
    for (const kind of PROBE_KINDS) {
      const row = rows.find((l) => l.startsWith(`| ${kind} |`)) ?? '';
      const shown = [...row.matchAll(/`([^`]+)`/g)].map((m) => m[1]);
      expect(shown, kind).toEqual(DEDICATED_ENDPOINTS.flatMap((family) => (family[kind] === undefined ? [] : [family[kind]])));
    }
  });

  it('shows the generic JSON vocabulary, members and text members the code reads', () => {
    const rows = tableAfter('| the member says |');
    expect(rows.map(([words, phase, condition]) => [backticked(words), phase, condition])).toEqual(STATUS_WORDS.map(({ state, words }) => [[...words], ...state]));
    const prose = DOC.replace(/\s+/g, ' ');
    expect(prose).toContain(`members ${STATUS_MEMBERS.slice(0, -1).map((m) => `\`${m}\``).join(', ')}, \`${STATUS_MEMBERS.at(-1) ?? ''}\``);
    expect(prose).toContain(`${TEXT_MEMBERS.slice(0, -1).map((m) => `\`${m}\``).join(', ')} or \`${TEXT_MEMBERS.at(-1) ?? ''}\` its text`);
  });
});
