// Preloaded into the standalone executable with BUN_OPTIONS=--preload: writes the bundle chunks the
// process loaded (Bun lists each chunk of a `bun build --compile --splitting` executable in require.cache)
// to $RECORD_MODULES_OUT on exit.
const { writeFileSync } = require('node:fs');

process.on('exit', () => {
  writeFileSync(process.env.RECORD_MODULES_OUT, JSON.stringify({ modules: Object.keys(require.cache).filter((m) => m !== __filename) }));
});
