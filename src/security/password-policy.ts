import { validationError } from '../errors.ts';

/**
 * SPEC "Accounts and sessions": at least 8 characters with a lowercase and an uppercase letter,
 * a digit and a special character; at most 400. Pure, so the form and the API say the same.
 */
export type PasswordRule = 'minLength' | 'maxLength' | 'lowercase' | 'uppercase' | 'digit' | 'special';

export type PasswordPolicy = { minLength: number; maxLength: number };

/** SPEC: at most 400 characters, whatever the configured minimum. */
const passwordMaxLength = 400;

const defaultPasswordPolicy: PasswordPolicy = { minLength: 8, maxLength: passwordMaxLength };

export const passwordRules: readonly PasswordRule[] = [
  'minLength',
  'maxLength',
  'lowercase',
  'uppercase',
  'digit',
  'special',
];

/** The rules `password` breaks, in a stable order; empty when it is acceptable. */
export function checkPassword(
  password: string,
  policy: PasswordPolicy = defaultPasswordPolicy,
): PasswordRule[] {
  const length = [...password].length;
  const failed: PasswordRule[] = [];
  if (length < policy.minLength) failed.push('minLength');
  if (length > policy.maxLength) failed.push('maxLength');
  if (!/\p{Ll}/u.test(password)) failed.push('lowercase');
  if (!/\p{Lu}/u.test(password)) failed.push('uppercase');
  if (!/\p{Nd}/u.test(password)) failed.push('digit');
  if (!/[^\p{L}\p{Nd}]/u.test(password)) failed.push('special');
  return failed;
}

/**
 * Throws VALIDATION_FAILED at `path` (e.g. `body.admin.password`) when `password` breaks the
 * policy with this minimum length, naming the first broken rule and all of them.
 */
export function assertPassword(password: string, minLength: number, path: string): void {
  const broken = checkPassword(password, { minLength, maxLength: passwordMaxLength });
  if (broken.length === 0) return;
  throw validationError({
    path,
    message: 'does not meet the password rules',
    rule: broken[0],
    rules: broken,
  });
}
