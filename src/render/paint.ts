import type { Outcome, Verdict } from '../model/types.js';

/** The few styles healthctl uses; colour is never the only signal (every line also has a word or a mark). */
export interface Paint {
  pass(text: string): string;
  warn(text: string): string;
  fail(text: string): string;
  dim(text: string): string;
  bold(text: string): string;
}

const same = (text: string): string => text;

export const NO_PAINT: Paint = { pass: same, warn: same, fail: same, dim: same, bold: same };

/** NO_COLOR wins, then FORCE_COLOR, then whether the stream is a terminal. */
export function wantsColour(env: NodeJS.ProcessEnv, isTTY: boolean): boolean {
  if (env['NO_COLOR'] !== undefined && env['NO_COLOR'] !== '') return false;
  const force = env['FORCE_COLOR'];
  if (force !== undefined) return force !== '0' && force !== 'false';
  return isTTY;
}

/** chalk is loaded only when colour is wanted, so scripts and probes never pay for it. */
export async function loadPaint(colour: boolean): Promise<Paint> {
  if (!colour) return NO_PAINT;
  const { Chalk } = await import('chalk');
  const chalk = new Chalk({ level: 1 });
  return {
    pass: (t) => chalk.green(t),
    warn: (t) => chalk.yellow(t),
    fail: (t) => chalk.red(t),
    dim: (t) => chalk.dim(t),
    bold: (t) => chalk.bold(t),
  };
}

/** The mark beside every verdict, so colour is never the only signal. */
export const MARK: Record<Verdict, string> = { pass: '✓', warn: '!', fail: '✗' };

export function paintVerdict(paint: Paint, verdict: Verdict, text: string): string {
  return verdict === 'pass' ? paint.pass(text) : verdict === 'warn' ? paint.warn(text) : paint.fail(text);
}

/** An outcome as a verdict: pass and warn as they are, every other outcome (unreachable, timeout…) a fail. */
export function verdictOf(outcome: Outcome): Verdict {
  return outcome === 'pass' ? 'pass' : outcome === 'warn' ? 'warn' : 'fail';
}
