/**
 * SPEC "Accounts and sessions": at least 8 characters with a lowercase and an uppercase letter,
 * a digit and a special character; at most 400. Pure, so the form and the API say the same.
 */
export type PasswordRule = 'minLength' | 'maxLength' | 'lowercase' | 'uppercase' | 'digit' | 'special';

export type PasswordPolicy = { minLength: number; maxLength: number };

export const defaultPasswordPolicy: PasswordPolicy = { minLength: 8, maxLength: 400 };

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
