// `npm run demo`: build first only when dist/ is missing or older than its inputs, so a fresh install starts at once.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { BUILD_STAMP, newestInputMs } from './build-inputs.mjs';

function builtFromMs() {
  try {
    const stamp = JSON.parse(readFileSync(BUILD_STAMP, 'utf8'));
    return typeof stamp.inputsMs === 'number' ? stamp.inputsMs : null;
  } catch {
    return null;
  }
}

const built = builtFromMs();
if (built === null || newestInputMs() > built) {
  console.error(built === null ? 'healthctl: dist/ has not been built yet: building it' : 'healthctl: dist/ is older than its sources: rebuilding it');
  execFileSync(process.execPath, ['scripts/build.mjs'], { stdio: 'inherit' });
}
