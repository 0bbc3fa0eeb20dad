import type { FormatName, StateModel } from '../model/types.js';

/** The response a format adapter reads: already received, bounded in size. */
export interface HealthResponse {
  /** HTTP status (gRPC adapters use 200). */
  status: number;
  statusText: string;
  /** The Content-Type header as sent, or null. */
  contentType: string | null;
  /** The body as text, decoded as its Content-Encoding and charset say (invalid sequences replaced). */
  body: string;
  /** The target's display name, used by adapters that name one component after it. */
  target: string;
}

export type ParseResult =
  | { ok: true; model: StateModel }
  /** `overLimit`: refused by one of healthctl's limits (limits.ts), which no other format may then read. */
  | { ok: false; error: string; overLimit?: true };

export interface FormatAdapter {
  name: FormatName;
  /** True when the Content-Type alone identifies this format. */
  claimsContentType(contentType: string): boolean;
  /** True when the body's shape is this format's (JSON already parsed when it parses). */
  matchesShape(body: ShapeInput): boolean;
  parse(response: HealthResponse, json: unknown): ParseResult;
}

/** The body as detection sees it: parsed JSON when it parsed, and the text. */
export interface ShapeInput {
  json: unknown;
  jsonParsed: boolean;
  text: string;
  status: number;
}
