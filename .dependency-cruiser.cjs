// The floors of healthctl, bottom first (docs/architecture.md): a module imports only its own
// floor and the floors below it, and no import goes round in a circle. `npm test` runs this.
/** @type {ReadonlyArray<readonly [name: string, path: string, what: string]>} */
const FLOORS = [
  ['base', '^src/base/', 'plain helpers and the error class: durations, bytes, addresses, text, pauses, Io'],
  ['model', '^src/model/', 'the health state model and the one evaluation'],
  ['runtimes', '^src/runtimes/', 'one record per runtime, detection, the exit code'],
  ['formats', '^src/formats/', 'one adapter per format: body to state model'],
  ['transport', '^src/transport/', 'http(s), tcp, grpc, unix sockets: bytes in, timings out'],
  ['config', '^src/config/', 'the flag table; flags and HEALTHCTL_* to checked options'],
  ['check', '^src/check/', 'one check: target to report'],
  ['reports', '^src/reports/', 'what many checks found: a fleet, transitions, a diagnosis, hints'],
  ['render', '^src/(render|init)/', 'text: one output module per runtime, views, init snippets; colour only here'],
  ['sessions', '^src/(wait|watch|systemd|fleet|diagnose|demo|sample)/', 'loops, sessions and screens: wait, --watch, run, fleets, diagnose, the demo and its sample service'],
  ['commands', '^src/commands/', 'one thin file per command'],
  ['cli', '^src/(cli/|cli\\.ts$|executable\\.ts$|index\\.ts$)', 'argv to a command; the edge where the exit code leaves'],
];

module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      comment: 'An import circle ties modules that should stand one above the other.',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
    ...FLOORS.slice(0, -1).map(([name, path, what], i) => ({
      name: `${name}-imports-no-higher-floor`,
      comment: `${name} (${what}) imports only from its own floor or lower ones.`,
      severity: 'error',
      from: { path },
      to: { path: FLOORS.slice(i + 1).map(([, above]) => above) },
    })),
    {
      name: 'every-module-has-a-floor',
      comment: 'A module outside every floor escapes the rules: put it on one (and in docs/architecture.md).',
      severity: 'error',
      from: { path: '^src/', pathNot: FLOORS.map(([, path]) => path) },
      to: {},
    },
    {
      name: 'sample-stands-alone',
      comment: 'healthctl/sample is a module of its own: it uses the bottom floor and nothing else of the CLI.',
      severity: 'error',
      from: { path: '^src/sample/' },
      to: { path: '^src/', pathNot: '^src/(sample|base)/' },
    },
    {
      name: 'no-unresolvable',
      comment: 'An import that resolves to nothing.',
      severity: 'error',
      from: {},
      to: { couldNotResolve: true },
    },
  ],
  options: {
    includeOnly: '^src/',
    // Type-only imports count too: a type from a higher floor ties the floors all the same.
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    doNotFollow: { path: 'node_modules' },
  },
};
