import { randomUUID } from 'node:crypto';
import { and, desc, eq, isNull, sql } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import { type CommitValue, committedRows, InsertsAtCommit, writesAtCommit } from '../db/commit-hooks.ts';
import { compileByKeys, prefixed, unprefixed } from '../db/compiled.ts';
import {
  customerUsers,
  type InvitationRow,
  invitationReplacedLinks,
  invitations,
  organizations,
} from '../db/schema.ts';

/* Every query takes the organization id from the signed-in user or the link: tenancy is in the where. */

type Inviter = { firstName: string; lastName: string; email: string };
type UnsentInvitation = { invitation: InvitationRow; inviter: Inviter | null };

/** A new organization's invitations, inserted in a transaction and not yet sent there. */
const insertedUnsent = new WeakMap<Db, { organizationId: string; unsent: UnsentInvitation[] }>();

type FirstInvitation = { email: string; role: InvitationRow['role']; invitedBy: string; createdAt: Date };

/**
 * Inserts a new organization's first invitations, all from `inviter`: they are all its unsent
 * invitations, so a later `unsentInvitations` in the same transaction (provisioning, worked
 * inline) need not read them back. They are written with the statement the transaction runs as
 * it commits (one round trip fewer), and with the link `setInvitationLinkAtCommit` gives them
 * before then (no update of rows just inserted).
 */
export async function insertFirstInvitations(
  tx: Db,
  organizationId: string,
  values: FirstInvitation[],
  inviter: Inviter,
) {
  const rows: InvitationRow[] = values.map((value) => ({
    id: randomUUID(),
    organizationId,
    ...value,
    status: 'pending',
    tokenHash: null,
    tokenVersion: 0,
    sentAt: null,
    expiresAt: null,
    acceptedAt: null,
    revokedAt: null,
  }));
  await newInvitations.add(tx, rows);
  insertedUnsent.set(tx, { organizationId, unsent: rows.map((invitation) => ({ invitation, inviter })) });
}

const newInvitations = new InsertsAtCommit<InvitationRow>('new_invitations', {
  write: async (tx, rows) => {
    await tx.insert(invitations).values(rows);
  },
  ctes: (rows) => sql`new_invitations as (
    insert into ${invitations} (id, organization_id, email, role, status, invited_by, token_hash,
                                token_version, created_at, sent_at, expires_at)
    select r.id, r."organizationId", r.email, r.role, r.status, r."invitedBy", r."tokenHash",
           r."tokenVersion", r."createdAt", r."sentAt", r."expiresAt"
    from json_to_recordset(${rows}::json)
      as r(id uuid, "organizationId" uuid, email text, role text, status text, "invitedBy" uuid,
           "tokenHash" text, "tokenVersion" int, "createdAt" timestamptz, "sentAt" timestamptz,
           "expiresAt" timestamptz)
  )`,
});

/** A new pending invitation; undefined when the address already has one in this organization. */
export async function insertInvitationIfNone(tx: Db, values: typeof invitations.$inferInsert) {
  const [row] = await tx.insert(invitations).values(values).onConflictDoNothing().returning();
  return row;
}

export async function findOwnInvitation(tx: Db, organizationId: string, id: string, forUpdate = false) {
  const query = tx
    .select()
    .from(invitations)
    .where(and(eq(invitations.id, id), eq(invitations.organizationId, organizationId)));
  const [row] = forUpdate ? await query.for('update') : await query;
  return row;
}

/** The invitation behind a link's token hash, with its organization; `forUpdate` locks the invitation. */
export async function findInvitationByTokenHash(db: Db, tokenHash: string, forUpdate = false) {
  const query = db
    .select({ invitation: invitations, organization: organizations })
    .from(invitations)
    .innerJoin(organizations, eq(organizations.id, invitations.organizationId))
    .where(eq(invitations.tokenHash, tokenHash));
  const [row] = forUpdate ? await query.for('update', { of: invitations }) : await query;
  return row;
}

/** Remembers a link a newer one replaces (the hash only). */
export async function rememberReplacedLink(tx: Db, invitationId: string, tokenHash: string, now: Date) {
  await tx
    .insert(invitationReplacedLinks)
    .values({ tokenHash, invitationId, replacedAt: now })
    .onConflictDoNothing();
}

export async function isReplacedLink(db: Db, tokenHash: string): Promise<boolean> {
  const rows = await db
    .select({ tokenHash: invitationReplacedLinks.tokenHash })
    .from(invitationReplacedLinks)
    .where(eq(invitationReplacedLinks.tokenHash, tokenHash));
  return rows.length > 0;
}

export async function updateInvitation(tx: Db, id: string, values: Partial<InvitationRow>) {
  await updateInvitationRow(tx, { id, ...prefixed('set.', values) });
}

/** A fresh link of an invitation (see `setInvitationLinkAtCommit`). */
type InvitationLink = { id: string; tokenHash: string; tokenVersion: number; sentAt: Date; expiresAt: Date };

/**
 * An invitation's fresh link, written with the statement the transaction runs as it commits (one
 * round trip fewer): nothing later in the transaction reads it back, and a pending invitation
 * that is sent again is locked by the transaction that read it.
 */
export async function setInvitationLinkAtCommit(tx: Db, link: InvitationLink): Promise<void> {
  const inserted = newInvitations.pending(tx, link.id);
  if (inserted) {
    const { tokenHash, tokenVersion, sentAt, expiresAt } = link;
    Object.assign(inserted, { tokenHash, tokenVersion, sentAt, expiresAt });
    return;
  }
  await invitationLinks.add(tx, [link]);
}

const invitationLinks = writesAtCommit<Db, InvitationLink>('invitation_links', invitationLinksCte);

function invitationLinksCte(json: CommitValue) {
  return sql`invitation_links as (
    update ${invitations} i
    set token_hash = r."tokenHash", token_version = r."tokenVersion", sent_at = r."sentAt",
        expires_at = r."expiresAt"
    from ${committedRows(json, sql`id uuid, "tokenHash" text, "tokenVersion" int, "sentAt" timestamptz, "expiresAt" timestamptz`)}
    where i.id = r.id)`;
}

/** The update of `updateInvitation`: `set.<column>` values, where `id`. */
const updateInvitationRow = compileByKeys<Record<string, unknown>, unknown>((db, p, keys) =>
  db
    .update(invitations)
    .set(unprefixed('set.', p, keys) as Partial<InvitationRow>)
    .where(eq(invitations.id, p.id as unknown as string)),
);

/** Pending invitations of an organization that were never emailed. */
/** Invitations not sent yet, oldest first, each with who invited (for the email), in one query. */
export async function unsentInvitations(tx: Db, organizationId: string): Promise<UnsentInvitation[]> {
  const inserted = insertedUnsent.get(tx);
  if (inserted?.organizationId === organizationId) {
    insertedUnsent.delete(tx);
    return inserted.unsent;
  }
  return tx
    .select({
      invitation: invitations,
      inviter: {
        firstName: customerUsers.firstName,
        lastName: customerUsers.lastName,
        email: customerUsers.email,
      },
    })
    .from(invitations)
    .leftJoin(customerUsers, eq(customerUsers.id, invitations.invitedBy))
    .where(
      and(
        eq(invitations.organizationId, organizationId),
        eq(invitations.status, 'pending'),
        isNull(invitations.tokenHash),
      ),
    )
    .orderBy(invitations.createdAt);
}

export async function invitationsOf(db: Db, organizationId: string) {
  return db
    .select({
      id: invitations.id,
      email: invitations.email,
      role: invitations.role,
      status: invitations.status,
      createdAt: invitations.createdAt,
      sentAt: invitations.sentAt,
      expiresAt: invitations.expiresAt,
      acceptedAt: invitations.acceptedAt,
      revokedAt: invitations.revokedAt,
    })
    .from(invitations)
    .where(eq(invitations.organizationId, organizationId))
    .orderBy(desc(invitations.createdAt));
}

/** Whether the address already belongs to a member of the organization (any letter case). */
export async function isMember(tx: Db, organizationId: string, email: string): Promise<boolean> {
  const [member] = await tx
    .select({ id: customerUsers.id })
    .from(customerUsers)
    .where(
      and(
        eq(customerUsers.organizationId, organizationId),
        sql`lower(${customerUsers.email}) = lower(${email})`,
      ),
    );
  return Boolean(member);
}
