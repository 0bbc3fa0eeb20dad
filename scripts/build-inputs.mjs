// What dist/ is built from, and when any of it last changed: `npm run demo` rebuilds only when this is newer than the build.
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

export const BUILD_STAMP = 'dist/build-stamp.json';
const INPUTS = ['src', 'package.json', 'package-lock.json', 'tsconfig.json', 'tsconfig.build.json', 'scripts/build.mjs', 'scripts/build-inputs.mjs'];

/** The newest modification time (ms) among the build's inputs; a folder counts too, since removing a file changes it. */
export function newestInputMs(root = '.') {
  let newest = 0;
  const visit = (path) => {
    let stat;
    try {
      stat = statSync(path);
    } catch {
      return; // an optional input (package-lock.json) that is not there
    }
    newest = Math.max(newest, stat.mtimeMs);
    if (stat.isDirectory()) for (const entry of readdirSync(path)) visit(join(path, entry));
  };
  for (const input of INPUTS) visit(join(root, input));
  return newest;
}
