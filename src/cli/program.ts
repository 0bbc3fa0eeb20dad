import { Command } from 'commander';
import type { Io } from '../base/io.js';
import { defineDemo } from './define-demo.js';
import { defineDiagnose } from './define-diagnose.js';
import { defineInit } from './define-init.js';
import { defineProbe } from './define-probe.js';
import { defineRun } from './define-run.js';
import { defineWait } from './define-wait.js';

export const VERSION = '0.1.0';

/** Every command; each defines its flags here and loads its implementation only when it runs. */
export function buildProgram(io: Io, done: (code: number) => void): Command {
  const program = new Command('healthctl')
    .description('Ask a service for its health state model and turn it into the right exit code and output for Kubernetes, Docker, ECS, systemd, Nagios or a terminal.')
    .version(VERSION, '--version')
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.stdout(s), writeErr: (s) => io.stderr(s), outputError: () => {} })
    .showSuggestionAfterError(true);
  defineProbe(program, io, done);
  defineWait(program, io, done);
  defineRun(program, io, done);
  defineInit(program, io, done);
  defineDiagnose(program, io, done);
  defineDemo(program, io, done);
  return program;
}
