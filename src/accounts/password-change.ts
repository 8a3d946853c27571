import { type Origin, recordAudit } from '../audit/audit.ts';
import type { AppContext } from '../context.ts';
import { AppError } from '../errors.ts';
import { signInThrottle } from '../security/lockout.ts';
import { assertPassword } from '../security/password-policy.ts';
import { hashPassword, verifyPassword } from '../security/passwords.ts';
import type { CustomerPrincipal } from '../security/principals.ts';
import { endCustomerSessions, setCustomerPassword } from './queries.ts';

/**
 * "Change password" in the home page. The current password is required, so a session left open
 * on a shared computer cannot take the account over; its wrong guesses count toward the same
 * lockout as sign-in (per client address and email). Every other session of the account ends.
 */
export async function changeCustomerPassword(
  ctx: Pick<AppContext, 'db' | 'now' | 'config'>,
  principal: CustomerPrincipal,
  input: { currentPassword: string; newPassword: string },
  origin: Origin,
  client: Origin,
): Promise<{ sessionsEnded: number }> {
  assertPassword(input.newPassword, ctx.config.passwordMinLength, 'body.newPassword');
  const { user } = principal;
  const now = ctx.now();
  const throttle = signInThrottle(ctx.db, 'customer', client, user.email);
  await throttle.assertOpen(now, input.currentPassword);
  if (!(await verifyPassword(user.passwordHash, input.currentPassword))) {
    const { error } = await throttle.failed(now);
    if (error.code === 'ACCOUNT_LOCKED') throw error;
    throw new AppError('CURRENT_PASSWORD_INCORRECT', {
      ...(error.variant ? { variant: error.variant } : {}),
      details: {
        ...error.details,
        fields: [{ path: 'body.currentPassword', message: 'is not correct', rule: 'incorrect' }],
      },
    });
  }
  await throttle.succeeded();
  const passwordHash = await hashPassword(input.newPassword);
  return ctx.db.transaction(async (tx) => {
    await setCustomerPassword(tx, user.id, passwordHash, now);
    const sessionsEnded = await endCustomerSessions(tx, user.id, principal.sessionId);
    await recordAudit(tx, origin, {
      action: 'customer.password_changed',
      organizationId: user.organizationId,
      data: { userId: user.id, sessionsEnded },
    });
    return { sessionsEnded };
  });
}
