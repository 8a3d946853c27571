import { randomUUID } from 'node:crypto';
import { insertNewOrganizationAdmin } from '../accounts/queries.ts';
import { type Origin, recordAudit, recordAudits } from '../audit/audit.ts';
import { regionOf } from '../catalog/regions.ts';
import type { AppContext } from '../context.ts';
import type { Db } from '../db/client.ts';
import type { ActivationTokenRow, CustomerUserRow } from '../db/schema.ts';
import { AppError, validationError } from '../errors.ts';
import { insertFirstInvitations } from '../invitations/queries.ts';
import { createOrganization } from '../organization/lifecycle.ts';
import { findOrganization, isShortNameTaken } from '../organization/queries.ts';
import { InlineRunFailed, type StartedRun, startRun, workRunNow, worksWholeRun } from '../runs/start.ts';
import { assertPassword } from '../security/password-policy.ts';
import { hashPassword } from '../security/passwords.ts';
import { firstFreeShortName } from '../short-name/allocate.ts';
import { normalizeTypedShortName } from '../short-name/derive.ts';
import { keepProducts } from '../subscriptions/queries.ts';
import { activationFingerprint } from './fingerprint.ts';
import { type ResolvedActivationLink, resolveActivationLink } from './links.ts';
import { rememberNewOrganization } from './provisioning.ts';
import { markActivationLinkUsed } from './queries.ts';
import type { ActivationInput } from './schemas.ts';

export type ActivationResult = { organizationId: string; shortName: string; region: string };

type Attempt = {
  /** Whether provisioning's steps may be worked in this transaction. */
  inline: boolean;
  /** Whether the organization is written as the transaction commits (see `createOrganization`). */
  nameAtCommit: boolean;
};

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
  const region = regionOf(ctx.regions, input.region);
  if (!region) throw validationError({ path: 'body.region', message: 'is not a region in the catalog' });
  assertPassword(input.admin.password, ctx.config.passwordMinLength, 'body.admin.password');
  const fingerprint = activationFingerprint(input);
  // Hashing takes tens of milliseconds: never while holding a transaction (PGlite has one connection).
  const passwordHash = await hashPassword(input.admin.password);
  const typed = input.shortName?.trim() ? normalizeTypedShortName(input.shortName) : undefined;

  const activate = (attempt: Attempt) =>
    ctx.db.transaction(async (tx) => {
      // Locking the link row serializes double submits of the same link.
      const link = await resolveActivationLink(tx, token, ctx.now(), {
        allowUsed: true,
        forUpdate: true,
        withProducts: true,
      });
      if (link.token.usedAt) return { repeat: link.token };
      return {
        created: await createActivatedOrganization(
          tx,
          ctx,
          link,
          input,
          { passwordHash, fingerprint, typed, region, ...attempt },
          origin,
        ),
      };
    });
  // Provisioning's steps are worked in the activation's own transaction, which writes the
  // organization as it commits. Should its short name be taken by then, the activation is done
  // again with the name allocated first; should a step fail, it commits without them and the run
  // retries them in the background.
  const outcome = await activate({ inline: true, nameAtCommit: true })
    .catch((error: unknown) => {
      if (!isShortNameTaken(error)) throw error;
      return activate({ inline: true, nameAtCommit: false });
    })
    .catch((error: unknown) => {
      if (!(error instanceof InlineRunFailed)) throw error;
      ctx.log.warn(
        { err: error.cause },
        'provisioning within the activation failed; it goes on in the background',
      );
      return activate({ inline: false, nameAtCommit: false });
    });
  if (outcome.created) {
    // Provisioning starts here and now; its queued advance is the safety net.
    if (outcome.created.run) workRunNow(ctx, outcome.created.run);
    return outcome.created.result;
  }
  return repeatedActivation(ctx, outcome.repeat, fingerprint);
}

/**
 * A used link answers its first result again to the same request (a double click, a retry, a
 * second tab: every field but the password alike), without looking at the password: a used link
 * must never tell whether a password is right. Nothing is created again either way.
 */
async function repeatedActivation(
  ctx: AppContext,
  link: ActivationTokenRow,
  fingerprint: string,
): Promise<ActivationResult> {
  const used = new AppError('ACTIVATION_LINK_USED', {
    details: { usedAt: link.usedAt?.toISOString(), organizationId: link.organizationId },
  });
  if (!link.organizationId || link.requestFingerprint !== fingerprint) throw used;
  const organization = await findOrganization(ctx.db, link.organizationId);
  if (!organization) throw used;
  return { organizationId: organization.id, shortName: organization.shortName, region: organization.region };
}

async function createActivatedOrganization(
  tx: Db,
  ctx: AppContext,
  link: ResolvedActivationLink,
  input: ActivationInput,
  prepared: {
    passwordHash: string;
    fingerprint: string;
    typed: string | undefined;
    region: { code: string; timeZone: string };
  } & Attempt,
  anonymous: Origin,
): Promise<{ result: ActivationResult; run: StartedRun | undefined }> {
  const now = ctx.now();
  const { subscription } = link;
  // Known up front, so that everything below is recorded as done by the organization's new admin.
  const organizationId = randomUUID();
  const adminId = randomUUID();
  const origin: Origin = {
    ...anonymous,
    actor: { type: 'customer', id: adminId, organizationId, email: input.admin.email },
  };
  const audited = { organizationId, subscriptionId: subscription.id };
  await recordAudit(tx, origin, {
    ...audited,
    action: 'subscription.activated',
    data: { before: { status: 'pending' }, after: { status: 'activated' } },
  });
  const provisioned = { region: prepared.region.code, skus: link.products.map((p) => p.sku) };
  // A typed name must be exactly that name; a derived one silently takes the next free number.
  // The organization is written with the commit when nothing before it needs the row: when
  // provisioning is worked whole in this transaction.
  const wholeRun = worksWholeRun(ctx, 'provisioning', provisioned, { inline: prepared.inline });
  const atCommit = prepared.nameAtCommit && wholeRun;
  const organization = await createOrganization(
    tx,
    ctx,
    {
      id: organizationId,
      subscriptionId: subscription.id,
      name: input.companyName,
      region: prepared.region.code,
      locale: input.locale,
      timeZone: prepared.region.timeZone,
      createdAt: now,
    },
    prepared.typed ? { typed: prepared.typed } : { derivedFrom: input.companyName },
    origin,
    { atCommit },
  );
  if (!organization) {
    const name = prepared.typed ?? '';
    const suggestion = (await firstFreeShortName(tx, prepared.region.code, name, 1)).name;
    throw new AppError('SHORT_NAME_TAKEN', {
      params: { shortName: name, suggestion },
      details: { shortName: name, suggestion },
    });
  }

  // Provisioning, when worked in this transaction, starts from the row just inserted.
  rememberNewOrganization(tx, organization, [adminId]);
  const admin: CustomerUserRow = {
    id: adminId,
    organizationId,
    email: input.admin.email,
    firstName: input.admin.firstName,
    lastName: input.admin.lastName,
    passwordHash: prepared.passwordHash,
    role: 'admin',
    locale: input.locale,
    lastLoginAt: null,
    createdAt: now,
  };
  await insertNewOrganizationAdmin(tx, admin);
  await insertFirstInvitations(
    tx,
    organizationId,
    input.invitations.map((invitation) => ({
      email: invitation.email,
      role: invitation.role,
      invitedBy: adminId,
      createdAt: now,
    })),
    { firstName: admin.firstName, lastName: admin.lastName, email: admin.email },
  );
  await markActivationLinkUsed(
    tx,
    { tokenId: link.token.id, subscriptionId: subscription.id },
    { usedAt: now, organizationId, requestFingerprint: prepared.fingerprint },
  );
  await recordAudits(tx, origin, [
    {
      ...audited,
      action: 'customer_user.created',
      data: { userId: adminId, email: input.admin.email, role: 'admin' },
    },
    ...input.invitations.map((invitation) => ({
      ...audited,
      action: 'invitation.created',
      data: { email: invitation.email, role: invitation.role },
    })),
  ]);
  // Last: provisioning may be worked right here, and its trail follows the activation's.
  // Read with the link; provisioning, worked in this transaction, reuses them.
  keepProducts(tx, subscription.id, link.products);
  const run = await startRun(tx, ctx, organizationId, 'provisioning', provisioned, {
    eager: true,
    inline: prepared.inline,
    newOrganization: true,
    wholeRun,
  });
  return {
    result: { organizationId, shortName: organization.shortName, region: organization.region },
    run,
  };
}
