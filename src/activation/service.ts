import { and, eq } from 'drizzle-orm';
import { type Origin, recordAudits } from '../audit/audit.ts';
import type { AppContext } from '../context.ts';
import type { Db } from '../db/client.ts';
import { activationTokens, customerUsers, invitations, organizations, subscriptions } from '../db/schema.ts';
import { AppError } from '../errors.ts';
import { startRun } from '../runs/engine.ts';
import { checkPassword } from '../security/password-policy.ts';
import { hashPassword, verifyPassword } from '../security/passwords.ts';
import { firstFreeShortName, insertOrganizationWithShortName } from '../short-name/allocate.ts';
import { deriveShortName, normalizeTypedShortName } from '../short-name/derive.ts';
import { activationFingerprint } from './fingerprint.ts';
import { resolveActivationLink } from './links.ts';
import type { ActivationInput } from './schemas.ts';

export type ActivationResult = { organizationId: string; shortName: string; region: string };

function fieldError(path: string, message: string, extra: Record<string, unknown> = {}): AppError {
  return new AppError('VALIDATION_FAILED', { details: { fields: [{ path, message, ...extra }] } });
}

/**
 * SPEC step 7, "Activate now": in one transaction, uses the link, creates the organization with
 * its short name, the admin, the invitations, the provisioning run and the audit trail, and
 * queues the run. The same request again answers the same result and creates nothing.
 */
export async function activateOrganization(
  ctx: AppContext,
  token: string,
  input: ActivationInput,
  origin: Origin,
): Promise<ActivationResult> {
  const region = ctx.regions.find((r) => r.code === input.region);
  if (!region) throw fieldError('body.region', 'is not a region in the catalog');
  const broken = checkPassword(input.admin.password, {
    minLength: ctx.config.passwordMinLength,
    maxLength: 400,
  });
  if (broken.length) {
    throw fieldError('body.admin.password', 'does not meet the password rules', {
      rule: broken[0],
      rules: broken,
    });
  }
  const fingerprint = activationFingerprint(input);
  // Hashing takes tens of milliseconds: never while holding a transaction (PGlite has one connection).
  const passwordHash = await hashPassword(input.admin.password);
  const typed = input.shortName?.trim() ? normalizeTypedShortName(input.shortName) : undefined;

  const outcome = await ctx.db.transaction(async (tx) => {
    // Locking the link row serializes double submits of the same link.
    const link = await resolveActivationLink(tx, token, ctx.now(), { allowUsed: true, forUpdate: true });
    if (link.token.usedAt) return { repeat: link.token };
    return {
      created: await createOrganization(
        tx,
        ctx,
        link,
        input,
        { passwordHash, fingerprint, typed, region },
        origin,
      ),
    };
  });
  if (outcome.created) return outcome.created;
  return repeatedActivation(ctx, outcome.repeat, fingerprint, input.admin.password);
}

/** A used link answers its first result again, but only to the same request (password included). */
async function repeatedActivation(
  ctx: AppContext,
  link: typeof activationTokens.$inferSelect,
  fingerprint: string,
  password: string,
): Promise<ActivationResult> {
  const used = new AppError('ACTIVATION_LINK_USED', {
    details: { usedAt: link.usedAt?.toISOString(), organizationId: link.organizationId },
  });
  if (!link.organizationId || link.requestFingerprint !== fingerprint) throw used;
  const [row] = await ctx.db
    .select({ organization: organizations, passwordHash: customerUsers.passwordHash })
    .from(organizations)
    .innerJoin(
      customerUsers,
      and(eq(customerUsers.organizationId, organizations.id), eq(customerUsers.role, 'admin')),
    )
    .where(eq(organizations.id, link.organizationId))
    .orderBy(customerUsers.createdAt)
    .limit(1);
  if (!row || !(await verifyPassword(row.passwordHash, password))) throw used;
  return {
    organizationId: row.organization.id,
    shortName: row.organization.shortName,
    region: row.organization.region,
  };
}

async function createOrganization(
  tx: Db,
  ctx: AppContext,
  link: Awaited<ReturnType<typeof resolveActivationLink>>,
  input: ActivationInput,
  prepared: {
    passwordHash: string;
    fingerprint: string;
    typed: string | undefined;
    region: { code: string; timeZone: string };
  },
  origin: Origin,
): Promise<ActivationResult> {
  const now = ctx.now();
  const { subscription } = link;
  const values = {
    subscriptionId: subscription.id,
    name: input.companyName,
    region: prepared.region.code,
    locale: input.locale,
    timeZone: prepared.region.timeZone,
    createdAt: now,
  };
  // A typed name must be exactly that name; a derived one silently takes the next free number.
  const organization = prepared.typed
    ? await insertOrganizationWithShortName(tx, values, prepared.typed, { exact: true })
    : await insertOrganizationWithShortName(tx, values, deriveShortName(input.companyName));
  if (!organization) {
    const name = prepared.typed ?? '';
    const suggestion = (await firstFreeShortName(tx, prepared.region.code, name, 1)).name;
    throw new AppError('SHORT_NAME_TAKEN', {
      params: { shortName: name, suggestion },
      details: { shortName: name, suggestion },
    });
  }

  const [admin] = await tx
    .insert(customerUsers)
    .values({
      organizationId: organization.id,
      email: input.admin.email,
      firstName: input.admin.firstName,
      lastName: input.admin.lastName,
      passwordHash: prepared.passwordHash,
      role: 'admin',
      locale: input.locale,
      createdAt: now,
    })
    .returning({ id: customerUsers.id });
  if (!admin) throw new Error('admin insert returned no row');
  if (input.invitations.length) {
    await tx.insert(invitations).values(
      input.invitations.map((invitation) => ({
        organizationId: organization.id,
        email: invitation.email,
        role: invitation.role,
        invitedBy: admin.id,
        createdAt: now,
      })),
    );
  }
  await tx
    .update(activationTokens)
    .set({ usedAt: now, organizationId: organization.id, requestFingerprint: prepared.fingerprint })
    .where(eq(activationTokens.id, link.token.id));
  await tx
    .update(subscriptions)
    .set({ status: 'activated', activatedAt: now, updatedAt: now })
    .where(eq(subscriptions.id, subscription.id));
  await startRun(tx, ctx, organization.id, 'provisioning');

  const audited = { organizationId: organization.id, subscriptionId: subscription.id };
  // From here on the actor is the organization's new admin.
  origin = {
    ...origin,
    actor: { type: 'customer', id: admin.id, organizationId: organization.id, email: input.admin.email },
  };
  await recordAudits(tx, origin, [
    {
      ...audited,
      action: 'subscription.activated',
      data: { before: { status: 'pending' }, after: { status: 'activated' } },
    },
    {
      ...audited,
      action: 'organization.created',
      data: {
        after: {
          name: organization.name,
          shortName: organization.shortName,
          region: organization.region,
          locale: organization.locale,
        },
        shortNameSource: prepared.typed ? 'typed' : 'derived',
      },
    },
    {
      ...audited,
      action: 'customer_user.created',
      data: { userId: admin.id, email: input.admin.email, role: 'admin' },
    },
    ...input.invitations.map((invitation) => ({
      ...audited,
      action: 'invitation.created',
      data: { email: invitation.email, role: invitation.role },
    })),
  ]);
  return { organizationId: organization.id, shortName: organization.shortName, region: organization.region };
}
