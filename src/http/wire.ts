import type { z } from 'zod';

/**
 * What JSON makes of a server value: a Date arrives as its ISO string. The web app and the test
 * client type every answer as `Answer<typeof schema>` from the route's own zod schema.
 */
type Wire<T> = T extends Date
  ? string
  : T extends readonly (infer U)[]
    ? Wire<U>[]
    : T extends object
      ? { [K in keyof T]: Wire<T[K]> }
      : T;

/** The body a route answers with, as a client receives it. */
export type Answer<S extends z.ZodType> = Wire<z.output<S>>;
