import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { FIXTURES } from './cli.js';

/** What a probe kind must conclude for a fixture body. */
export type Expected = 'pass' | 'warn' | 'fail' | 'bad-response';

/** One row of test/fixtures/formats/cases.json: a body, how it is served, and the verdict of every probe kind. */
export interface FixtureCase {
  file: string;
  /** Where the fixture is served; it decides whether the endpoint is dedicated to a probe kind. */
  path?: string;
  status: number;
  contentType: string;
  format: string;
  expect: Record<'startup' | 'liveness' | 'readiness', Expected>;
}

export const FIXTURE_CASES: readonly FixtureCase[] = (JSON.parse(readFileSync(join(FIXTURES, 'cases.json'), 'utf8')) as { cases: FixtureCase[] }).cases;

/** The fixture's body, as the test servers send it. */
export const fixtureBody = (c: FixtureCase): string => readFileSync(join(FIXTURES, c.file), 'utf8');
