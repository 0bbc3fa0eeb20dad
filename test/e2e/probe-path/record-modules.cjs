// Preloaded with NODE_OPTIONS=--require: writes every module the process loaded to $RECORD_MODULES_OUT on exit —
// Node built-ins (process.moduleLoadList), CommonJS files (require.cache) and ES modules (a resolve hook).
const Module = require('node:module');
const { appendFileSync, readFileSync, writeFileSync } = require('node:fs');

const out = process.env.RECORD_MODULES_OUT;
const esmLog = `${out}.esm`;
writeFileSync(esmLog, '');
Module.register(
  `data:text/javascript,${encodeURIComponent(`
    import { appendFileSync } from 'node:fs';
    export async function resolve(specifier, context, next) {
      const result = await next(specifier, context);
      appendFileSync(${JSON.stringify(esmLog)}, result.url + '\\n');
      return result;
    }`)}`,
);
// What the recorder itself loaded is not the CLI's doing.
const before = process.moduleLoadList.length;
process.on('exit', () => {
  const builtins = process.moduleLoadList.slice(before).filter((m) => m.startsWith('NativeModule ')).map((m) => m.slice('NativeModule '.length));
  const esm = readFileSync(esmLog, 'utf8').split('\n').filter((l) => l !== '');
  writeFileSync(out, JSON.stringify({ builtins, cjs: Object.keys(Module._cache), esm }));
});
