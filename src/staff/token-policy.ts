/**
 * API tokens expire: 90 days unless asked otherwise, never more than a year. Minting one from
 * the console needs a sign-in less than ten minutes old (admins excepted).
 */
export const apiTokenPolicy = { defaultDays: 90, maxDays: 365, freshSignInMs: 10 * 60_000 } as const;
