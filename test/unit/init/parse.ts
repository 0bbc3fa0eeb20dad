/** Small parsers for what `healthctl init` prints, strict enough to catch malformed output. */

export interface DockerHealthcheck {
  flags: Record<string, string>;
  command: unknown;
}

/** One `HEALTHCHECK [--name=value ...] CMD [json]` line, as the Dockerfile parser reads it. */
export function parseHealthcheckLine(line: string): DockerHealthcheck {
  const match = /^HEALTHCHECK((?: --[a-z-]+=\S+)*) CMD (\[.*\])$/.exec(line);
  if (match === null || match[1] === undefined || match[2] === undefined) throw new Error(`not a HEALTHCHECK exec-form line: ${line}`);
  const flags: Record<string, string> = {};
  for (const flag of match[1].trim().split(' ').filter((f) => f !== '')) {
    const [name = '', value = ''] = flag.slice(2).split('=');
    if (name in flags) throw new Error(`flag given twice: ${name}`);
    flags[name] = value;
  }
  return { flags, command: JSON.parse(match[2]) };
}

/** A Go duration as Docker and Compose take it (`30s`, `5m`, `1m30s`) in milliseconds. */
export function durationMs(text: string): number {
  const units: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };
  let total = 0;
  const rest = text.replace(/(\d+)(ms|s|m|h)/g, (_all, n: string, unit: string) => {
    total += Number(n) * (units[unit] ?? Number.NaN);
    return '';
  });
  if (rest !== '' || text === '') throw new Error(`not a duration: ${text}`);
  return total;
}

export type UnitSections = Record<string, Array<[key: string, value: string]>>;

/** systemd unit syntax: [Section] headers, Key=Value lines, # and ; comments, no stray text. */
export function parseUnit(text: string): UnitSections {
  const sections: UnitSections = {};
  let current: Array<[string, string]> | undefined;
  for (const [i, raw] of text.split('\n').entries()) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#') || line.startsWith(';')) continue;
    const header = /^\[([A-Za-z]+)\]$/.exec(line);
    if (header?.[1] !== undefined) {
      current = sections[header[1]] = [];
      continue;
    }
    const pair = /^([A-Za-z][A-Za-z0-9]*)=(.*)$/.exec(line);
    if (pair?.[1] === undefined || pair[2] === undefined || current === undefined) throw new Error(`line ${i + 1} is not unit syntax: ${raw}`);
    current.push([pair[1], pair[2]]);
  }
  return sections;
}

export function unitValue(sections: UnitSections, section: string, key: string): string | undefined {
  return sections[section]?.findLast(([k]) => k === key)?.[1];
}

/** Splits a command line as systemd does for ExecStart= (double quotes, `\\` escapes; no shell). */
export function unitWords(line: string): string[] {
  const words: string[] = [];
  const re = /"((?:[^"\\]|\\.)*)"|(\S+)/g;
  for (const m of line.matchAll(re)) words.push(m[1] !== undefined ? m[1].replace(/\\(.)/g, '$1') : (m[2] ?? ''));
  return words.map((w) => w.replaceAll('%%', '%').replaceAll('$$', '$'));
}
