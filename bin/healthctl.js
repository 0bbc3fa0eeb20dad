#!/usr/bin/env node
'use strict';
// CommonJS (bin/package.json): a probe in its usual shapes loads one file, dist/probe.cjs, and no argument parser.
const argv = process.argv.slice(2);
const fast = argv[0] === 'probe' ? require('../dist/probe.cjs').probeMain(argv) : Promise.resolve(null);
fast
  .then((code) => code ?? import('../dist/cli.js').then(({ main }) => main(argv)))
  .then((code) => process.exit(code));
