// Entry of the standalone executable (npm run build:bin): the CLI's main, then one exit.
import { main } from './cli.js';

const argv = process.argv.slice(2);
// The executable starts with a reluctant JIT (scripts/build-bin.mjs): a probe ends before compiled
// code would pay for itself. The commands that keep running get the normal JIT back.
if (argv[0] !== 'probe') setJitPolicy(1);
main(argv).then((code) => process.exit(code));

/** Bun.unsafe.setJITPolicy, read at this boundary: the executable is Bun, but the types here are Node's. */
function setJitPolicy(scale: number): void {
  const bun: unknown = Reflect.get(globalThis, 'Bun');
  const unsafe: unknown = typeof bun === 'object' && bun !== null ? Reflect.get(bun, 'unsafe') : undefined;
  const set: unknown = typeof unsafe === 'object' && unsafe !== null ? Reflect.get(unsafe, 'setJITPolicy') : undefined;
  if (typeof set === 'function') Reflect.apply(set, unsafe, [scale]);
}
