import type { Db } from '../db/client.ts';
import type { ActivationTokenRow, SubscriptionRow } from '../db/schema.ts';
import { AppError } from '../errors.ts';
import { hashToken, looksLikeToken } from '../security/tokens.ts';
import type { ProductLine } from '../subscriptions/queries.ts';
import { findActivationLink } from './queries.ts';

export type ResolvedActivationLink = {
  token: ActivationTokenRow;
  subscription: SubscriptionRow;
  /** The subscription's products, when asked for (`withProducts`); else none. */
  products: ProductLine[];
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
  options: { allowUsed?: boolean; forUpdate?: boolean; withProducts?: boolean } = {},
): Promise<ResolvedActivationLink> {
  if (!looksLikeToken(token)) throw new AppError('ACTIVATION_LINK_INVALID');
  const row = await findActivationLink(db, hashToken(token), options);
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
