import { readFile } from 'node:fs/promises';
import { usageError } from '../base/errors.js';
import { redactTargetText } from '../base/redact.js';
import { errorCode } from '../transport/net-errors.js';

/** A list of targets is text a person or a script wrote; far larger is a mistake (a binary, a log). */
export const MAX_TARGETS_FILE_BYTES = 1024 * 1024;

/**
 * One target per line; blank lines and `#` comments (a whole line, or after whitespace) are
 * skipped. A line with two words is a mistake, named with its line number.
 */
export function parseTargetLines(text: string, source: string): string[] {
  const targets: string[] = [];
  for (const [index, raw] of text.split(/\r?\n/).entries()) {
    const line = raw.replace(/(^|\s)#.*$/, '').trim();
    if (line === '') continue;
    if (/\s/.test(line)) throw usageError(`${source} line ${index + 1}: one target per line (found '${redactTargetText(line.split(/\s+/).slice(0, 2).join(' '))} …')`);
    targets.push(line);
  }
  return targets;
}

async function readStdin(stdin: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stdin) {
    const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
    size += bytes.length;
    if (size > MAX_TARGETS_FILE_BYTES) throw usageError(`--targets-from -: standard input is larger than 1 MiB`);
    chunks.push(bytes);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** `--targets-from FILE`, or `-` for standard input. */
export async function readTargetsFrom(path: string, flag: string, stdin: NodeJS.ReadableStream): Promise<string[]> {
  if (path === '-') return parseTargetLines(await readStdin(stdin), `${flag} -`);
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch (error: unknown) {
    throw usageError(`${flag} ${path}: cannot read (${errorCode(error) ?? 'unreadable'})`);
  }
  if (bytes.length > MAX_TARGETS_FILE_BYTES) throw usageError(`${flag} ${path}: larger than 1 MiB`);
  return parseTargetLines(bytes.toString('utf8'), `${flag} ${path}`);
}
