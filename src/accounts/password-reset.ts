import { type Origin, recordAudit } from '../audit/audit.ts';
import { regionOf } from '../catalog/regions.ts';
import type { AppContext } from '../context.ts';
import { renderEmail } from '../email/layout.ts';
import { queueEmail } from '../email/outbox.ts';
import { AppError } from '../errors.ts';
import { assertPassword } from '../security/password-policy.ts';
import { hashPassword } from '../security/passwords.ts';
import { hashToken, looksLikeToken, newSecretToken } from '../security/tokens.ts';
import { accountsToEmail, queueEmailRequest } from './email-request.ts';
import { passwordResetJob } from './jobs.ts';
import {
  endCustomerSessions,
  findPasswordReset,
  insertPasswordReset,
  setCustomerPassword,
  usePasswordReset,
} from './queries.ts';

/** SPEC-level promise of the reset link: one use, one hour; three emails an hour per address. */
const passwordResetPolicy = { ttlMs: 3600_000, perAddressPerHour: 3 } as const;

/**
 * "Forgot password?": the answer and its timing are the same whether or not the address has an
 * account, so the lookup, the link and the email happen in a background job.
 */
export async function requestPasswordReset(
  ctx: Pick<AppContext, 'db' | 'jobs'>,
  email: string,
  requestId: string,
): Promise<void> {
  await queueEmailRequest(ctx, passwordResetJob, {
    email,
    requestId,
    perHour: passwordResetPolicy.perAddressPerHour,
  });
}

/**
 * The job: one link per account of the address (an email in several organizations gets one
 * for each, named), in one email. Idempotent: a retry re-queues the same email key, which the
 * outbox ignores, and the links it would mint are never sent.
 */
export async function sendPasswordResets(
  ctx: AppContext,
  { email, requestId }: { email: string; requestId: string },
): Promise<void> {
  const recipients = await accountsToEmail(ctx.db, email);
  if (!recipients) return;
  const { accounts, first, locale, t } = recipients;
  const now = ctx.now();
  const expiresAt = new Date(now.getTime() + passwordResetPolicy.ttlMs);
  const links = accounts.map((account) => ({ account, token: newSecretToken() }));
  const content = renderEmail(locale, t('email.passwordReset.subject'), [
    { kind: 'paragraph', text: t('email.passwordReset.intro', { email: first.email }) },
    ...links.map(({ account, token }) => ({
      kind: 'button' as const,
      label:
        links.length > 1
          ? t('email.passwordReset.buttonFor', { name: account.organizationName })
          : t('email.passwordReset.button'),
      url: `${ctx.config.publicUrl}/reset-password/${token}`,
    })),
    {
      kind: 'paragraph',
      text: t('email.passwordReset.expiry', {
        date: expiresAt,
        timeZone: regionOf(ctx.regions, first.region)?.timeZone ?? 'UTC',
      }),
    },
    { kind: 'small', text: t('email.passwordReset.help') },
  ]);
  await ctx.db.transaction(async (tx) => {
    for (const { account, token } of links) {
      await insertPasswordReset(tx, { userId: account.id, tokenHash: hashToken(token), expiresAt });
    }
    await queueEmail(tx, ctx, {
      eventKey: `password-reset:${requestId}:${email}`,
      template: 'password-reset',
      locale,
      to: first.email,
      content,
    });
    for (const { account } of links) {
      await recordAudit(
        tx,
        { actor: { type: 'anonymous' }, requestId },
        {
          action: 'customer.password_reset_requested',
          organizationId: account.organizationId,
          data: { userId: account.id },
        },
      );
    }
  });
}

/** Whether a reset link can still be used, without using it (the page asks before the form). */
export async function checkPasswordReset(ctx: Pick<AppContext, 'db' | 'now'>, token: string) {
  const reset = await usableReset(ctx, token);
  return { email: reset.email, expiresAt: reset.expiresAt };
}

async function usableReset(ctx: Pick<AppContext, 'db' | 'now'>, token: string) {
  const reset = looksLikeToken(token) ? await findPasswordReset(ctx.db, hashToken(token)) : undefined;
  if (!reset) throw new AppError('PASSWORD_RESET_INVALID');
  if (reset.usedAt) throw new AppError('PASSWORD_RESET_USED');
  if (reset.expiresAt <= ctx.now()) throw new AppError('PASSWORD_RESET_EXPIRED');
  return reset;
}

/** Sets the new password through a link: once, within the hour; every session of the account ends. */
export async function completePasswordReset(
  ctx: Pick<AppContext, 'db' | 'now' | 'config'>,
  input: { token: string; password: string },
  origin: Origin,
): Promise<void> {
  assertPassword(input.password, ctx.config.passwordMinLength, 'body.password');
  const reset = await usableReset(ctx, input.token);
  const passwordHash = await hashPassword(input.password);
  const now = ctx.now();
  await ctx.db.transaction(async (tx) => {
    if (!(await usePasswordReset(tx, reset.id, now))) throw new AppError('PASSWORD_RESET_USED');
    await setCustomerPassword(tx, reset.userId, passwordHash, now);
    const sessionsEnded = await endCustomerSessions(tx, reset.userId);
    await recordAudit(tx, origin, {
      action: 'customer.password_reset',
      organizationId: reset.organizationId,
      data: { userId: reset.userId, sessionsEnded },
    });
  });
}
