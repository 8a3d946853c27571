import { z } from 'zod';
import { locales } from '../i18n/index.ts';

/** Shapes shared by many routes. */

/**
 * Characters no typed text may hold: control characters (NUL, line breaks, tabs, escapes), which
 * break headers, logs and the database, and the bidirectional overrides and isolates that make
 * text read differently from what it is ("Trojan Source"): U+061C, U+200E/F, U+202A–E, U+2066–9.
 */
const forbiddenCharacters = /[\p{Cc}\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/u;
/** Text of nothing but spaces, format characters and blank fillers looks empty wherever it is shown. */
const invisibleOnly = /^[\s\p{Cf}\p{Zs}\u115F\u1160\u3164\uFFA0\u2800]*$/u;

const textRules = {
  forbidden: 'must not contain control characters, line breaks or text-direction overrides',
  invisible: 'must contain visible characters',
} as const;

/**
 * Free text a person typed (names, notes, reasons): trimmed, at most `max` characters, with no
 * control or direction-override characters and at least one visible character. One schema for
 * every such field, so a field cannot forget a rule.
 */
export function plainText(max: number) {
  return z
    .string()
    .trim()
    .min(1, 'is required')
    .max(max, `must be at most ${max} characters`)
    .refine((value) => !forbiddenCharacters.test(value), textRules.forbidden)
    .refine((value) => !invisibleOnly.test(value), textRules.invisible);
}

/** Optional free text: leaving it blank (or only spaces) is the same as leaving it out. */
export function optionalText(max: number) {
  return z.preprocess(
    (value) => (typeof value === 'string' && value.trim() === '' ? undefined : value),
    plainText(max).optional(),
  );
}

/** What staff type into a search box: the same forbidden characters, but it may be empty. */
export function searchText(max: number) {
  return z
    .string()
    .trim()
    .max(max, `must be at most ${max} characters`)
    .refine((value) => !forbiddenCharacters.test(value), textRules.forbidden);
}

export const emailAddress = z
  .string()
  .trim()
  .max(254, 'must be at most 254 characters')
  .pipe(z.email('must be a valid email address'));

export const localeSchema = z.enum(locales);

/** The body of a 204 answer. */
export const noContent = z.null();

export const uuidParam = z.object({ id: z.uuid('must be a UUID') });

export const errorResponse = z
  .object({
    error: z.object({
      code: z.string(),
      message: z.string(),
      details: z.record(z.string(), z.unknown()).optional(),
      reference: z.string(),
    }),
  })
  .meta({ id: 'Error' });

/** Error responses every route may give, for the OpenAPI document. */
export const commonErrors = { 400: errorResponse, 429: errorResponse, 500: errorResponse } as const;

/** A body that may be left out entirely (a POST without one arrives as null). */
export function optionalBody<T extends z.ZodRawShape>(shape: T) {
  const object = z.object(shape);
  return object.nullish().transform((value) => value ?? object.parse({}));
}
