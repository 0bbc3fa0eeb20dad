import { formatDuration, formatMs } from '../base/durations.js';
import { makeInert } from '../base/inert.js';
import type { ReportComponent } from '../check/report.js';
import { PROBE_KINDS, type Verdict } from '../model/types.js';
import type { Diagnosis, Hint, RuntimeView } from '../reports/diagnosis.js';
import { MARK, paintVerdict, verdictOf, type Paint } from './paint.js';
import { wrapText } from './wrap.js';

export interface DiagnoseTextOptions {
  paint: Paint;
  /** Terminal width: long lines wrap to it. */
  width: number;
  /** The watch frame: one line per runtime, errors inline, no attributes. */
  compact: boolean;
  /** Components that changed since the previous refresh: name → what it was (null: new). */
  changed: ReadonlyMap<string, string | null>;
}

/** Lines a runtime's output may take in the text view; -o json always has all of it. */
export const RUNTIME_OUTPUT_LINES = 12;

const RANK: Record<Verdict, number> = { fail: 0, warn: 1, pass: 2 };

const COUNTS: Record<Verdict, (probe: string) => string> = {
  pass: () => '',
  warn: (probe) => `, degrades ${probe}`,
  fail: (probe) => `, fails ${probe}`,
};

/** `DOWN (at /status), fails readiness: pool exhausted`: the service's own verdict and where it was read. */
function serviceVerdict(overall: NonNullable<Diagnosis['report']['overall']>, probe: string): string {
  const text = overall.text === null ? '' : `: ${overall.text}`;
  return `reports ${overall.status} (at ${overall.source})${COUNTS[overall.verdict](probe)}${text}`;
}

/** The target, where the answer came from, and how long each phase took. */
export function headerLines(d: Diagnosis, o: DiagnoseTextOptions): string[] {
  const { report } = d;
  const p = o.paint;
  const lines = wrapText(`healthctl diagnose · ${makeInert(report.target)}`, o.width, '', '  ').map((l) => p.bold(l));
  const field = (name: string, value: string): string[] => wrapText(makeInert(value), o.width, `  ${name.padEnd(9)}`, ' '.repeat(11));
  const endpoint = d.endpoint === null ? '' : ` · ${d.endpoint} endpoint`;
  const choice = d.runtimeChoice.reason === null ? d.runtimeChoice.source : `${d.runtimeChoice.source}: ${d.runtimeChoice.reason}`;
  lines.push(...field('probe', `${report.probe}${endpoint} · runtime ${report.runtime} (${choice}) · deadline ${formatDuration(d.timeoutMs)}`));
  const format = [report.format ?? 'unknown'];
  if (d.contentType !== null) format.push(`Content-Type ${d.contentType}`);
  lines.push(...field('format', format.join(' · ')));
  if (report.overall !== null) lines.push(...field('service', serviceVerdict(report.overall, report.probe)));
  // tcp:// and grpc:// answers have no HTTP status: say who answered, not that HTTP did not.
  const http = report.http === null ? [] : [`${report.http.status}`];
  if (report.address !== null) http.push(`from ${report.address}`);
  if (d.redirects.length > 0) http.push(`after ${d.redirects.length} redirect${d.redirects.length === 1 ? '' : 's'}`);
  if (http.length > 0) lines.push(...field(report.http === null ? 'answer' : 'HTTP', http.join(' ')));
  const t = report.timings;
  const ms = (v: number | null): string => (v === null ? '–' : formatMs(v));
  lines.push(...field('timings', t === null ? 'none (no network attempt completed)' : `dns ${ms(t.dnsMs)} · connect ${ms(t.connectMs)} · tls ${ms(t.tlsMs)} · first byte ${ms(t.firstByteMs)} · total ${formatMs(t.totalMs)}`));
  return lines;
}

/** The chosen probe's verdict in words: the line a runtime would keep first. */
export function verdictLine(d: Diagnosis, o: DiagnoseTextOptions): string[] {
  const verdict = verdictOf(d.report.outcome);
  return wrapText(`${MARK[verdict]} ${makeInert(d.report.summary)}`, o.width, '', '  ').map((l) => o.paint.bold(paintVerdict(o.paint, verdict, l)));
}

/** Failing first: counted components that do not pass, then the others that do not, then the rest; stable. */
export function orderComponents(components: readonly ReportComponent[]): ReportComponent[] {
  const group = (c: ReportComponent): number => (c.verdict === 'pass' ? 4 : c.counted ? RANK[c.verdict] : 2 + RANK[c.verdict] / 10);
  return components
    .map((c, i) => ({ c, i, g: group(c) }))
    .sort((a, b) => a.g - b.g || a.i - b.i)
    .map((e) => e.c);
}

function requiredWord(c: ReportComponent): string {
  if (!c.required) return 'not required';
  return c.counted ? 'required' : 'left out';
}

/** One component as a group of lines: the row, then its error and attributes (wrapped, never cut). */
export function componentGroup(c: ReportComponent, nameWidth: number, o: DiagnoseTextOptions): string[] {
  const p = o.paint;
  const before = o.changed.get(c.name);
  const changed = o.changed.has(c.name);
  const mark = c.counted ? paintVerdict(p, c.verdict, MARK[c.verdict]) : p.dim(MARK[c.verdict]);
  const lead = changed ? p.bold(p.warn('»')) : ' ';
  const cells = `${makeInert(c.name).padEnd(nameWidth)}  ${requiredWord(c).padEnd(12)}  ${c.phase.padEnd(11)}  ${c.condition}`;
  const was = changed ? p.warn(before === null || before === undefined ? '  (new)' : `  (was ${makeInert(before)})`) : '';
  const error = c.error === null ? null : makeInert(c.error);
  const lines: string[] = [];
  const indent = ' '.repeat(6);
  if (o.compact && error !== null) {
    const [first = '', ...rest] = wrapText(`${cells}  ${error}`, o.width, '', indent);
    lines.push(`${lead} ${mark} ${first}${was}`, ...rest);
    return lines;
  }
  lines.push(`${lead} ${mark} ${cells}${was}`);
  if (error !== null) lines.push(...wrapText(error, o.width, `${indent}error: `, `${indent}       `).map((l) => paintVerdict(p, c.counted ? c.verdict : 'warn', l)));
  const attributes = Object.entries(c.attributes);
  if (!o.compact && attributes.length > 0) {
    lines.push(...wrapText(makeInert(attributes.map(([k, v]) => `${k}=${v}`).join(' ')), o.width, indent, indent).map((l) => p.dim(l)));
  }
  return lines;
}

export function componentsTitle(d: Diagnosis, o: DiagnoseTextOptions): string {
  const { report } = d;
  if (report.error !== null) return o.paint.bold(`Components · none: no state model (${report.outcome})`);
  const failing = report.components.filter((c) => c.counted && c.verdict !== 'pass').length;
  const n = report.components.length;
  return o.paint.bold(`Components · ${n} reported · ${failing} not passing ${report.probe}`);
}

/** Every component, failing first: the title, then one group of lines per component. */
export function componentGroups(d: Diagnosis, o: DiagnoseTextOptions): string[][] {
  const ordered = orderComponents(d.report.components);
  let nameWidth = 0;
  for (const c of ordered) nameWidth = Math.max(nameWidth, makeInert(c.name).length);
  nameWidth = Math.min(nameWidth, 40);
  return ordered.map((c) => componentGroup(c, nameWidth, o));
}

export function verdictLines(d: Diagnosis, o: DiagnoseTextOptions): string[] {
  const p = o.paint;
  // Without a state model (unreachable, timeout, bad-response) every kind fails for that one reason: name it, as the first line does.
  const { outcome } = d.report;
  const modelRead = outcome === 'pass' || outcome === 'warn' || outcome === 'fail';
  const cell = (kind: (typeof PROBE_KINDS)[number]): string => {
    const v = d.report.probes[kind];
    const chosen = kind === d.report.probe;
    return `${paintVerdict(p, v, `${MARK[v]} ${kind.padEnd(o.compact ? 0 : 10)} ${modelRead ? v : outcome}`)}${chosen ? p.dim(o.compact ? ' (chosen)' : '   ← the chosen probe') : ''}`;
  };
  if (o.compact) return [`${p.bold('Verdicts')}  ${PROBE_KINDS.map(cell).join(p.dim(' · '))}`];
  return [p.bold('Verdicts'), ...PROBE_KINDS.map((k) => `  ${cell(k)}`)];
}

function exitCell(v: RuntimeView, o: DiagnoseTextOptions): string {
  return `${v.runtime} ${paintVerdict(o.paint, verdictOf(v.outcome), `exit ${v.exitCode}`)}`;
}

/** Runtimes that would record the same text, in the order given; the text is shown once per group. */
export function groupRuntimes(views: readonly RuntimeView[]): RuntimeView[][] {
  const groups = new Map<string, RuntimeView[]>();
  for (const v of views) groups.set(v.output, [...(groups.get(v.output) ?? []), v]);
  return [...groups.values()];
}

/** What each runtime keeps, exactly: `│` starts each of its lines, `┆` continues one wrapped here. */
export function runtimeLines(d: Diagnosis, o: DiagnoseTextOptions): string[] {
  const p = o.paint;
  const lines = [p.bold(`Runtimes · what each would record for the ${d.report.probe} probe`)];
  if (o.compact) {
    lines.push(`  ${d.runtimes.map((v) => exitCell(v, o)).join(p.dim(' · '))}`);
    return lines;
  }
  for (const group of groupRuntimes(d.runtimes)) {
    const heads = group.map((v) => `${exitCell(v, o)} ${p.dim(`(deadline ${formatDuration(v.deadlineMs)})`)}`);
    const same = group.length > 1 ? ' · the same output:' : '';
    const plainLength = group.reduce((n, v) => n + `${v.runtime} exit ${v.exitCode} (deadline ${formatDuration(v.deadlineMs)}) · `.length, 2) + same.length;
    if (plainLength <= o.width) lines.push(`  ${heads.join(p.dim(' · '))}${p.dim(same)}`);
    else lines.push(...heads.map((h, i) => `  ${h}${i === heads.length - 1 ? p.dim(same) : ''}`));
    // The runtime's own renderer made its service text inert already; escaping again would double it.
    const output = group[0]?.output ?? '';
    const outLines = (output.endsWith('\n') ? output.slice(0, -1) : output).split('\n');
    for (const line of outLines.slice(0, RUNTIME_OUTPUT_LINES)) lines.push(...wrapText(line, o.width, '    │ ', '    ┆ '));
    const more = outLines.length - RUNTIME_OUTPUT_LINES;
    if (more > 0) lines.push(p.dim(`    … ${more} more line${more === 1 ? '' : 's'} (-o json has the whole output)`));
  }
  return lines;
}

export function hintLine(h: Hint, o: DiagnoseTextOptions): string[] {
  const mark = h.level === 'warn' ? '!' : 'i';
  const wrapped = wrapText(makeInert(`${mark} ${h.message} — fix: ${h.fix}`), o.width, '  ', '    ');
  return wrapped.map((l) => (h.level === 'warn' ? o.paint.warn(l) : l));
}

export function hintLines(d: Diagnosis, o: DiagnoseTextOptions): string[] {
  if (d.hints.length === 0) return [`${o.paint.bold('Hints')}  ${o.paint.dim('none')}`];
  return [o.paint.bold('Hints'), ...d.hints.flatMap((h) => hintLine(h, o))];
}

/** The whole report, every section, for a one-shot `healthctl diagnose`. Linear in the components. */
export function renderDiagnosis(d: Diagnosis, o: DiagnoseTextOptions): string {
  const lines = [
    ...headerLines(d, o),
    '',
    ...verdictLine(d, o),
    '',
    componentsTitle(d, o),
    ...componentGroups(d, o).flat(),
    '',
    ...verdictLines(d, o),
    '',
    ...runtimeLines(d, o),
    '',
    ...hintLines(d, o),
  ];
  return `${lines.join('\n')}\n`;
}
