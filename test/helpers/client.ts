import assert from 'node:assert/strict';
import type { LightMyRequestResponse } from 'fastify';
import type { z } from 'zod';
import type { Answer } from '../../src/http/wire.ts';

const isoInstant = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/;

/** JSON turns Dates into strings; the schemas expect Dates, so turn them back before checking. */
function reviveDates(value: unknown): unknown {
  if (typeof value === 'string') return isoInstant.test(value) ? new Date(value) : value;
  if (Array.isArray(value)) return value.map(reviveDates);
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([key, v]) => [key, reviveDates(v)]));
  }
  return value;
}

/**
 * The typed test client's one rule: assert the status, check the body against the route's own
 * zod schema (the one that validates, serializes and documents it), and return it typed as
 * the client receives it. A renamed or missing field fails here, at the call, not three lines on.
 */
export function answer<S extends z.ZodType>(
  response: LightMyRequestResponse,
  status: number,
  schema: S,
): Answer<S> {
  assert.equal(response.statusCode, status, response.body);
  const body: unknown = response.json();
  const checked = schema.safeParse(reviveDates(body));
  assert.ok(checked.success, `the answer matches its schema: ${checked.error?.message}\n${response.body}`);
  return body as Answer<S>;
}
