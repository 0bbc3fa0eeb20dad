/** The library behind the CLI: one evaluation of a health state model, usable from code. */
export { evaluate, type EvaluateOptions, type Evaluation, type EvaluatedComponent } from './model/evaluate.js';
export { compilePattern, type NamePattern } from './model/patterns.js';
export { summarize } from './model/summary.js';
export type { Component, Condition, FormatName, Outcome, Phase, ProbeKind, StateModel, Verdict } from './model/types.js';
export { detectAndParse } from './formats/detect.js';
export { EXIT_CODES, DEFAULT_DEADLINE_MS, OUTPUT_CAP_BYTES, type RuntimeName } from './runtimes/facts.js';
export type { Report, ReportComponent } from './check/report.js';
export { main } from './cli.js';
