/**
 * SPEC: six consecutive failed sign-ins lock for five minutes. Counted per client address and
 * email; a count left alone for an hour starts again.
 */
export const lockoutPolicy = { maxFailures: 6, lockMs: 5 * 60_000, resetMs: 60 * 60_000 } as const;
