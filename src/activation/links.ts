import { and, eq, isNull } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import { activationTokens, subscriptions } from '../db/schema.ts';
import { AppError } from '../errors.ts';
import { hashToken, looksLikeToken, newSecretToken } from '../security/tokens.ts';

/** SPEC: an activation link works once and expires after 30 days. */
export const activationLinkLifetimeMs = 30 * 24 * 3600_000;

/**
 * Issues a new activation token for the subscription, replacing the live one (its link stops
 * working). Only the hash is stored; the token itself goes into the email and nowhere else.
 */
export async function issueActivationToken(tx: Db, subscriptionId: string, now: Date) {
  await tx
    .update(activationTokens)
    .set({ replacedAt: now })
    .where(and(eq(activationTokens.subscriptionId, subscriptionId), isNull(activationTokens.replacedAt)));
  const token = newSecretToken();
  const expiresAt = new Date(now.getTime() + activationLinkLifetimeMs);
  const [row] = await tx
    .insert(activationTokens)
    .values({ subscriptionId, tokenHash: hashToken(token), createdAt: now, expiresAt })
    .returning({ id: activationTokens.id });
  if (!row) throw new Error('insert returned no row');
  return { token, tokenId: row.id, expiresAt };
}

export type ResolvedActivationLink = {
  token: typeof activationTokens.$inferSelect;
  subscription: typeof subscriptions.$inferSelect;
};

/**
 * The subscription behind an activation link, or the reason the link cannot be used, each with
 * its own code: unknown, cancelled, used, replaced, expired (checked in that order).
 * `allowUsed` lets the holder of a used link read progress and repeat the same request.
 */
export async function resolveActivationLink(
  db: Db,
  token: string,
  now: Date,
  options: { allowUsed?: boolean; forUpdate?: boolean } = {},
): Promise<ResolvedActivationLink> {
  if (!looksLikeToken(token)) throw new AppError('ACTIVATION_LINK_INVALID');
  const query = db
    .select({ token: activationTokens, subscription: subscriptions })
    .from(activationTokens)
    .innerJoin(subscriptions, eq(subscriptions.id, activationTokens.subscriptionId))
    .where(eq(activationTokens.tokenHash, hashToken(token)));
  const [row] = options.forUpdate ? await query.for('update') : await query;
  if (!row) throw new AppError('ACTIVATION_LINK_INVALID');
  if (row.subscription.status === 'cancelled') throw new AppError('ACTIVATION_LINK_CANCELLED');
  if (row.token.usedAt) {
    if (options.allowUsed) return row;
    throw new AppError('ACTIVATION_LINK_USED', {
      details: { usedAt: row.token.usedAt.toISOString(), organizationId: row.token.organizationId },
    });
  }
  if (row.token.replacedAt) throw new AppError('ACTIVATION_LINK_REPLACED');
  if (row.token.expiresAt <= now) {
    throw new AppError('ACTIVATION_LINK_EXPIRED', {
      details: { expiredAt: row.token.expiresAt.toISOString() },
      params: { expiredAt: row.token.expiresAt },
    });
  }
  return row;
}
