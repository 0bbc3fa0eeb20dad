import { readFileSync } from 'node:fs';
import type { Component } from '../../../src/model/types.js';
import type { HealthResponse } from '../../../src/formats/types.js';

const FIXTURES = new URL('../../fixtures/formats/', import.meta.url);

export function readFixture(file: string): string {
  return readFileSync(new URL(file, FIXTURES), 'utf8');
}

export function respond(body: string, options: Partial<Omit<HealthResponse, 'body'>> = {}): HealthResponse {
  return { status: 200, statusText: 'OK', contentType: null, target: 'http://app:8080/health', ...options, body };
}

/** `[name, phase, condition, required, error]`: one line per component keeps expectations readable. */
export type Row = [string, Component['phase'], Component['condition'], boolean, string | null];

export function toRows(components: readonly Component[]): Row[] {
  return components.map((c) => [c.name, c.phase, c.condition, c.required, c.error]);
}
