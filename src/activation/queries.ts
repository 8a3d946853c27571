import { eq, sql } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import { type CommitValue, committedRows, writesAtCommit } from '../db/commit-hooks.ts';
import { compileSql, compileSwitched } from '../db/compiled.ts';
import {
  type ActivationTokenRow,
  activationTokens,
  customerUsers,
  divisions,
  roleGrants,
  type SubscriptionRow,
  sites,
  subscriptions,
} from '../db/schema.ts';
import { type ProductLine, productLinesOf } from '../subscriptions/queries.ts';

/**
 * The activation token with this hash, its subscription and that one's products (with
 * `withProducts`, else none); `forUpdate` locks the token and subscription rows.
 */
export async function findActivationLink(
  db: Db,
  tokenHash: string,
  options: { forUpdate?: boolean; withProducts?: boolean } = {},
) {
  const [row] = await activationLinkLookup(options.forUpdate === true, options.withProducts === true)(db, {
    tokenHash,
  });
  return row;
}

/** `findActivationLink`'s statements, by whether they lock and whether they read products. */
const activationLinkLookup = compileSwitched<{ tokenHash: string }, ActivationLinkRow[]>(
  (db, p, forUpdate, withProducts) => {
    const query = db
      .select({
        token: activationTokens,
        subscription: subscriptions,
        products: withProducts ? productLinesOf(subscriptions.id) : sql<ProductLine[]>`'[]'::json`,
      })
      .from(activationTokens)
      .innerJoin(subscriptions, eq(subscriptions.id, activationTokens.subscriptionId))
      .where(eq(activationTokens.tokenHash, p.tokenHash));
    return forUpdate ? query.for('update') : query;
  },
  ['tokenHash'],
);

type ActivationLinkRow = {
  token: ActivationTokenRow;
  subscription: SubscriptionRow;
  products: ProductLine[];
};

type LinkUsed = {
  tokenId: string;
  subscriptionId: string;
  at: string;
  organizationId: string;
  requestFingerprint: string;
};

/**
 * The link did its job: it now names the organization and the request that used it, and its
 * subscription is activated. Written with the statement the transaction runs as it commits (one
 * round trip fewer): nothing later in an activation reads either row, and the link stays locked
 * by the transaction that found it for update.
 */
export async function markActivationLinkUsed(
  tx: Db,
  link: { tokenId: string; subscriptionId: string },
  values: { usedAt: Date; organizationId: string; requestFingerprint: string },
) {
  await linkUsedAtCommit.add(tx, [{ ...link, ...values, at: values.usedAt.toISOString() }]);
}

const linkUsedAtCommit = writesAtCommit<Db, LinkUsed>('link_used', linkUsedCtes);

function linkUsedCtes(used: CommitValue) {
  const rows = committedRows(
    used,
    sql`"tokenId" uuid, "subscriptionId" uuid, at timestamptz, "organizationId" uuid, "requestFingerprint" text`,
  );
  return sql`link_used as (
      update ${activationTokens} t
      set used_at = r.at, organization_id = r."organizationId", request_fingerprint = r."requestFingerprint"
      from ${rows} where t.id = r."tokenId"
    ), subscription_activated as (
      update ${subscriptions} s set status = 'activated', activated_at = r.at, updated_at = r.at
      from ${rows} where s.id = r."subscriptionId"
    )`;
}

/* Provisioning's defaults: a division, a site and the admin role in it. */

/** The organization's default division and site, unless it has them: one statement. */
export async function insertDefaultDivisionAndSite(
  tx: Db,
  organization: { id: string; name: string; locale: string; timeZone: string },
) {
  await defaultsInserted(tx, organization);
}

const defaultsInserted = compileSql<{ id: string; name: string; locale: string; timeZone: string }, never>(
  (p) => sql`
    with division as (
      insert into ${divisions} (organization_id, name, is_default)
      values (${p.id}, 'Home', true)
      on conflict do nothing
    )
    insert into ${sites} (organization_id, name, locale, time_zone, is_default)
    values (${p.id}, ${p.name}, ${p.locale}, ${p.timeZone}, true)
    on conflict do nothing`,
  ['id', 'name', 'locale', 'timeZone'],
);

type NewDefaults = { id: string; divisionId: string; name: string; locale: string; timeZone: string };

/**
 * The default division (its id made here) and site of an organization created in this
 * transaction, written with the statement `tx` runs as it commits: nothing before the commit
 * reads them, and a new organization has none.
 */
export async function insertNewOrganizationDefaults(tx: Db, defaults: NewDefaults): Promise<void> {
  await newDefaultsAtCommit.add(tx, [defaults]);
}

const newDefaultsAtCommit = writesAtCommit<Db, NewDefaults>('new_defaults', (rows) => {
  const defaults = sql`json_to_recordset(${rows}::json)
    as r(id uuid, "divisionId" uuid, name text, locale text, "timeZone" text)`;
  return sql`new_divisions as (
      insert into ${divisions} (id, organization_id, name, is_default)
      select r."divisionId", r.id, 'Home', true from ${defaults}
    ), new_sites as (
      insert into ${sites} (organization_id, name, locale, time_zone, is_default)
      select r.id, r.name, r.locale, r."timeZone", true from ${defaults}
    )`;
});

type NewGrant = { organizationId: string; userId: string; divisionId: string };

/** The admin role in the default division for admins of an organization created in this transaction, at commit. */
export async function grantNewOrganizationAdminRole(tx: Db, grants: readonly NewGrant[]): Promise<void> {
  await newGrantsAtCommit.add(tx, grants);
}

const newGrantsAtCommit = writesAtCommit<Db, NewGrant>(
  'new_role_grants',
  (rows) => sql`new_role_grants as (
      insert into ${roleGrants} (organization_id, user_id, role, division_id)
      select r."organizationId", r."userId", 'admin', r."divisionId"
      from json_to_recordset(${rows}::json) as r("organizationId" uuid, "userId" uuid, "divisionId" uuid)
    )`,
);

/**
 * Grants every admin of the organization the admin role in its default division (once: a grant
 * that exists stays), in one statement. Answers the division (undefined when the organization
 * has none, and then nothing is granted) and the admins.
 */
export async function grantAdminRoleInDefaultDivision(
  tx: Db,
  organizationId: string,
): Promise<{ divisionId: string | undefined; adminIds: string[] }> {
  const [row] = await adminRoleGranted(tx, { organizationId });
  return { divisionId: row?.division_id ?? undefined, adminIds: row?.admin_ids ?? [] };
}

const adminRoleGranted = compileSql<
  { organizationId: string },
  { division_id: string | null; admin_ids: string[] }
>(
  (p) => sql`
      with division as (
        select id from ${divisions} where organization_id = ${p.organizationId} and is_default
      ), admins as (
        select id from ${customerUsers} where organization_id = ${p.organizationId} and role = 'admin'
      ), granted as (
        insert into ${roleGrants} (organization_id, user_id, role, division_id)
        select ${p.organizationId}, admins.id, 'admin', division.id from admins, division
        on conflict do nothing
      )
      select (select id from division) as division_id,
             coalesce((select json_agg(id order by id) from admins), '[]'::json) as admin_ids`,
  ['organizationId'],
);
