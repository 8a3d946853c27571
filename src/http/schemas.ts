import { z } from 'zod';
import { locales } from '../i18n/index.ts';

/** Shapes shared by many routes. */
const controlCharacters = /\p{Cc}/u;

/** Free text a person typed: trimmed, no control characters (they could break headers or layouts). */
export function plainText(max: number) {
  return z
    .string()
    .trim()
    .min(1, 'is required')
    .max(max, `must be at most ${max} characters`)
    .refine((value) => !controlCharacters.test(value), 'must not contain control characters or line breaks');
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
