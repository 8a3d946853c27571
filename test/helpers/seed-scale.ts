import { sql } from 'drizzle-orm';
import type { Db } from '../../src/db/client.ts';

/**
 * Adds `count` activated organizations (numbered from `from`) across the regions, the way months of
 * use would: each with its subscription and products, a used activation link, an admin, both runs
 * and their steps, features, billing, audit events and sent emails; one in ten still waits for
 * verification. Set-based SQL (generate_series), so 100,000 organizations take seconds.
 * Organization `i` has short name `seed<i>`, company "Seed Company <i>", admin `admin<i>@seed.test`.
 */
export async function seedOrganizations(
  db: Db,
  count: number,
  passwordHash: string,
  options: { from?: number } = {},
): Promise<void> {
  const from = options.from ?? 1;
  const to = from + count - 1;
  const regions = sql`(array['us-east-1','us-west-2','ca-central-1','sa-east-1','eu-west-1','eu-central-1','eu-west-2','ap-south-1','ap-northeast-2','ap-southeast-2','ap-northeast-1'])[1 + g % 11]`;
  // Deterministic ids: the kind's number, then the organization's, shaped as version-4 UUIDs. In
  // order, so each insert appends to its indexes instead of touching pages all over them.
  const uuid = (kind: string) =>
    `(lpad(to_hex(${kind}), 8, '0') || '-0000-4000-8000-' || lpad(to_hex(g), 12, '0'))::uuid`;
  const kinds = { sub: 1, org: 2, tok: 3, usr: 4 } as const;
  const id = (kind: keyof typeof kinds) => sql.raw(uuid(String(kinds[kind])));
  const runKind = (column: string) => `case ${column} when 'provisioning' then 5 else 6 end`;
  const runId = sql.raw(uuid(runKind('k')));
  const stepRunId = sql.raw(uuid(runKind('s.kind')));
  const at = sql`now() - make_interval(mins => g)`;
  const insert = {
    subscriptions: sql`insert into subscriptions (id, company, contact_name, contact_email, locale, kind, trial_days, status, created_at, updated_at, activated_at)
        select ${id('sub')}, 'Seed Company ' || g, 'Contact ' || g, 'contact' || g || '@seed.test', 'en', 'trial', 30, 'activated', ${at}, ${at}, ${at}
        from generate_series(${from}::int, ${to}::int) g`,
    products: sql`insert into subscription_products (subscription_id, sku, quantity)
        select ${id('sub')}, 'cx-2', 10 from generate_series(${from}::int, ${to}::int) g`,
    organizations: sql`insert into organizations (id, subscription_id, name, short_name, region, locale, time_zone, state, setup, verification,
                                   created_at, activated_at, setup_done_at, verified_at)
        select ${id('org')}, ${id('sub')}, 'Seed Company ' || g, 'seed' || g, ${regions}, 'en', 'UTC', 'active', 'done',
               case when g % 10 = 0 then 'pending' else 'verified' end, ${at}, ${at}, ${at},
               case when g % 10 = 0 then null else ${at} end
        from generate_series(${from}::int, ${to}::int) g`,
    tokens: sql`insert into activation_tokens (id, subscription_id, token_hash, created_at, expires_at, used_at, organization_id)
        select ${id('tok')}, ${id('sub')}, md5('token' || g), ${at}, ${at} + interval '30 days', ${at}, ${id('org')}
        from generate_series(${from}::int, ${to}::int) g`,
    users: sql`insert into customer_users (id, organization_id, email, first_name, last_name, password_hash, role, locale, created_at, last_login_at)
        select ${id('usr')}, ${id('org')}, 'admin' || g || '@seed.test', 'Ada', 'Admin ' || g, ${passwordHash}, 'admin', 'en', ${at}, ${at}
        from generate_series(${from}::int, ${to}::int) g`,
    runs: sql`insert into runs (id, organization_id, kind, state, created_at, updated_at, finished_at)
        select ${runId}, ${id('org')}, k, 'succeeded', ${at}, ${at}, ${at}
        from generate_series(${from}::int, ${to}::int) g, unnest(array['provisioning', 'setup']) k`,
    steps: sql`insert into run_steps (run_id, key, position, status, attempts, started_at, finished_at)
        select ${stepRunId}, s.key, s.position, 'done', 1, ${at}, ${at}
        from generate_series(${from}::int, ${to}::int) g,
          (values ('provisioning', 'organization-defaults', 0), ('provisioning', 'admin-role', 1),
                  ('provisioning', 'invitations', 2), ('provisioning', 'activate-organization', 3),
                  ('setup', 'features', 0), ('setup', 'billing', 1), ('setup', 'finish', 2)) s(kind, key, position)`,
    features: sql`insert into organization_features (organization_id, feature, skus, enabled_at)
        select ${id('org')}, f, array['cx-2'], ${at}
        from generate_series(${from}::int, ${to}::int) g, unnest(array['voice', 'email']) f`,
    billing: sql`insert into billing_accounts (organization_id, kind, charges_enabled, trial_ends_at, starts_on, created_at)
        select ${id('org')}, 'trial', false, ${at} + interval '30 days', (${at})::date, ${at}
        from generate_series(${from}::int, ${to}::int) g`,
    quantities: sql`insert into billing_quantities (organization_id, sku, quantity)
        select ${id('org')}, 'cx-2', 10 from generate_series(${from}::int, ${to}::int) g`,
    audit: sql`insert into audit_events (occurred_at, actor_type, action, subscription_id, organization_id, data)
        select ${at}, 'system', a, ${id('sub')}, ${id('org')}, '{}'::jsonb
        from generate_series(${from}::int, ${to}::int) g,
          unnest(array['subscription.created', 'organization.created', 'organization.activated',
                       'setup.started', 'setup.succeeded']) a`,
    emails: sql`insert into email_outbox (event_key, template, locale, to_address, subject, text_body, html_body,
                                  subscription_id, organization_id, status, attempts, created_at, sent_at)
        select 'seed:' || t || ':' || g, t, 'en',
               case when t = 'activation' then 'contact' || g || '@seed.test' else 'admin' || g || '@seed.test' end,
               'Seeded ' || t, 'Seeded email', '<p>Seeded email</p>', ${id('sub')},
               case when t = 'activation' then null else ${id('org')} end, 'sent', 1, ${at}, ${at}
        from generate_series(${from}::int, ${to}::int) g, unnest(array['activation', 'welcome']) t`,
  };
  // Bulk loading as pg_restore does: rows refer to each other by construction, so foreign-key
  // triggers are off (session_replication_role), and with no order left to keep, the inserts
  // run side by side on PostgreSQL's pool (PGlite, with one connection, takes them in turn).
  await Promise.all(
    Object.values(insert).map((statement) =>
      db.transaction(async (tx) => {
        await tx.execute(sql`set local session_replication_role = replica`);
        await tx.execute(statement);
      }),
    ),
  );
  await db.execute(sql`analyze`);
}

/**
 * A webhook endpoint's history for the organizations `seedOrganizations` made (1 to `count`): two
 * events each, delivered, one in a hundred failed for good, and the endpoint's tallies. The
 * endpoint is disabled, so that what the tests do meanwhile waits for it instead of going out.
 * Its id.
 */
export async function seedWebhookHistory(db: Db, count: number): Promise<string> {
  const endpointId = '00000009-0000-4000-8000-000000000001';
  const org = sql.raw(`(lpad(to_hex(2), 8, '0') || '-0000-4000-8000-' || lpad(to_hex(g), 12, '0'))::uuid`);
  const sub = sql.raw(`(lpad(to_hex(1), 8, '0') || '-0000-4000-8000-' || lpad(to_hex(g), 12, '0'))::uuid`);
  const at = sql`now() - make_interval(mins => g)`;
  await db.execute(sql`insert into webhook_endpoints (id, url, event_types, secret, enabled, disabled_reason, disabled_at)
    values (${endpointId}, 'https://receiver.seed.test/hooks', '{organization.created,organization.provisioned}',
            'whsec_seed', false, 'manual', now())`);
  await db.execute(sql`insert into events (id, type, subscription_id, organization_id, payload, created_at)
    select 'seed-' || t || '-' || g, t, ${sub}, ${org}, jsonb_build_object('type', t, 'timestamp', '', 'data', '{}'::jsonb), ${at}
    from generate_series(1, ${count}::int) g, unnest(array['organization.created', 'organization.provisioned']) t
    order by g desc, t`);
  await db.execute(sql`insert into webhook_deliveries (event_id, endpoint_id, order_key, status, attempts,
                                                       next_attempt_at, last_attempt_at, created_at, delivered_at)
    select e.id, ${endpointId}::uuid, e.subscription_id::text,
           case when e.seq % 100 = 0 then 'failed' else 'succeeded' end, 1,
           e.created_at, e.created_at, e.created_at, case when e.seq % 100 = 0 then null else e.created_at end
    from events e where e.id like 'seed-%' order by e.seq`);
  await db.execute(sql`insert into webhook_delivery_tallies (endpoint_id, slot, succeeded, failed, last_attempt_at)
    select endpoint_id, 0, count(*) filter (where status = 'succeeded'), count(*) filter (where status = 'failed'),
           max(last_attempt_at)
    from webhook_deliveries where endpoint_id = ${endpointId}::uuid group by endpoint_id`);
  await db.execute(sql`analyze events`);
  await db.execute(sql`analyze webhook_deliveries`);
  return endpointId;
}
