import { availableParallelism } from 'node:os';
import path from 'node:path';
import { z } from 'zod';
import type { OutboundPolicy } from './outbound/request.ts';
import { staffAccess } from './security/access.ts';

/**
 * Every environment variable Onramp reads, parsed once. SPEC "Configuration" fixes the names
 * other tools rely on; the rest are operator knobs with safe defaults.
 */
const flag = z.enum(['0', '1', 'true', 'false']).transform((value) => value === '1' || value === 'true');
const optionalString = z
  .string()
  .optional()
  .transform((value) => (value === undefined || value.trim() === '' ? undefined : value.trim()));

const environmentSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default('127.0.0.1'),
  PUBLIC_URL: optionalString.pipe(z.url({ protocol: /^https?$/ }).optional()),
  DATABASE_URL: optionalString.pipe(z.url({ protocol: /^postgres(ql)?$/ }).optional()),
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(100).default(10),
  DATA_DIR: z.string().min(1).default('./data'),
  SMTP_URL: optionalString.pipe(z.url({ protocol: /^smtps?$/ }).optional()),
  SMTP_FROM: z.string().min(3).default('Onramp <no-reply@onramp.localhost>'),
  SUPPORT_EMAIL: z.email().default('support@onramp.localhost'),
  ONRAMP_STAFF_EMAIL: optionalString.pipe(z.email().optional()),
  ONRAMP_STAFF_PASSWORD: optionalString,
  ONRAMP_DEMO: flag.optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  TRUST_PROXY: flag.default(false),
  REGIONS_FILE: optionalString,
  PASSWORD_MIN_LENGTH: z.coerce.number().int().min(8).max(400).default(8),
  UV_THREADPOOL_SIZE: optionalString.pipe(
    z.coerce.number<string | undefined>().int().min(1).max(1024).optional(),
  ),
  PASSWORD_HASH_CONCURRENCY: optionalString.pipe(
    z.coerce.number<string | undefined>().int().min(1).max(64).optional(),
  ),
  WEBHOOK_ALLOW_PRIVATE: flag.default(false),
  WEBHOOK_TIMEOUT_SECONDS: z.coerce.number().min(1).max(60).default(15),
  WEBHOOK_RETENTION_DAYS: z.coerce.number().int().min(1).max(3650).default(30),
  CONNECTORS_FILE: optionalString,
  ONRAMP_ROLE: z.enum(['all', 'web', 'worker']).default('all'),
  STAFF_OIDC_ISSUER: optionalString.pipe(z.url({ protocol: /^https?$/ }).optional()),
  STAFF_OIDC_CLIENT_ID: optionalString,
  STAFF_OIDC_CLIENT_SECRET: optionalString,
  STAFF_OIDC_ROLES_CLAIM: z.string().trim().min(1).default('groups'),
  STAFF_OIDC_ROLE_MAP: optionalString,
  STAFF_OIDC_SCOPES: z.string().trim().min(1).default('openid email profile'),
  STAFF_PASSWORD_SIGNIN: flag.default(true),
});

export type Config = {
  nodeEnv: 'development' | 'production' | 'test';
  port: number;
  host: string;
  publicUrl: string;
  /** Set: PostgreSQL. Unset: the embedded PGlite under `dataDir`. */
  databaseUrl: string | undefined;
  /** Connections this process keeps to PostgreSQL for requests and background work. */
  databasePoolSize: number;
  embedded: boolean;
  dataDir: string;
  smtpUrl: string | undefined;
  smtpFrom: string;
  /** Where the welcome email sends people who need help. */
  supportEmail: string;
  staff: { email: string; password: string } | undefined;
  demo: boolean;
  logLevel: string;
  trustProxy: boolean;
  regionsFile: string | undefined;
  passwordMinLength: number;
  /** libuv's pool (UV_THREADPOOL_SIZE), which runs the hashes: one thread per core by default (src/threadpool.ts). */
  threadPoolSize: number;
  /**
   * Argon2id hashes this process hands libuv's pool at once; more wait their turn. One more than
   * the pool's threads by default: one waits in the pool's queue, so a thread that finishes a hash
   * starts the next at once instead of when the event loop gets to it.
   */
  passwordHashConcurrency: number;
  /** The local mailbox page and API exist only outside production. */
  devMailbox: boolean;
  secureCookies: boolean;
  webhooks: {
    /** How long one delivery attempt may take, connection to last byte. */
    timeoutMs: number;
    /** How long a delivery that ended (delivered, or failed for good) stays in the delivery log. */
    retentionDays: number;
    /**
     * Where staff-registered URLs may point: in production only https, and never at private or
     * loopback addresses unless WEBHOOK_ALLOW_PRIVATE=1.
     */
    policy: OutboundPolicy;
  };
  /** The JSON file declaring connector steps (see src/connectors). */
  connectorsFile: string | undefined;
  /**
   * What this process does: `web` serves HTTP and runs no background work, `worker` works the
   * queues and serves only health and metrics, `all` both. Scale them apart on one database.
   */
  role: 'all' | 'web' | 'worker';
  /** Staff single sign-on through an OpenID provider; undefined when not configured. */
  staffSso: StaffSsoConfig | undefined;
  /** STAFF_PASSWORD_SIGNIN=0: staff sign in only through single sign-on. */
  staffPasswordSignIn: boolean;
};

export type StaffSsoConfig = {
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** Where the provider sends the browser back: a console page that finishes the sign-in. */
  redirectUri: string;
  /** Asked for at sign-in; some providers share groups only with a `groups` scope. */
  scopes: string;
  /** The claim (from the ID token or userinfo) whose values decide the member's roles. */
  rolesClaim: string;
  /**
   * Claim value → Onramp roles (STAFF_OIDC_ROLE_MAP="onramp-admins=admin,cx-team=cx+support").
   * Undefined: a value that is a role's own name grants that role.
   */
  roleMap: Record<string, string[]> | undefined;
  /** Plain-http issuers only outside production (tests start one on 127.0.0.1). */
  allowHttp: boolean;
};

export class ConfigError extends Error {}

/** libuv's pool when UV_THREADPOOL_SIZE is not set: one thread per core, at least two. */
export function defaultThreadPoolSize(): number {
  return Math.max(2, availableParallelism());
}

export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const parsed = environmentSchema.safeParse(env);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const name = String(issue?.path[0] ?? 'environment');
    const got = env[name];
    throw new ConfigError(
      `Invalid configuration: ${name} ${describeIssue(issue?.message)}${got === undefined ? '' : ` (got "${redact(name, got)}")`}`,
    );
  }
  const e = parsed.data;
  if (Boolean(e.ONRAMP_STAFF_EMAIL) !== Boolean(e.ONRAMP_STAFF_PASSWORD)) {
    throw new ConfigError(
      'Invalid configuration: ONRAMP_STAFF_EMAIL and ONRAMP_STAFF_PASSWORD must be set together',
    );
  }
  if (e.ONRAMP_DEMO && e.NODE_ENV === 'production') {
    throw new ConfigError(
      'Invalid configuration: ONRAMP_DEMO=1 prints a live activation link and is not allowed with NODE_ENV=production',
    );
  }
  const threadPoolSize = e.UV_THREADPOOL_SIZE ?? defaultThreadPoolSize();
  const publicUrl = (e.PUBLIC_URL ?? `http://localhost:${e.PORT}`).replace(/\/+$/, '');
  const staffSso = staffSsoConfig(e, publicUrl);
  if (!e.STAFF_PASSWORD_SIGNIN && !staffSso) {
    throw new ConfigError(
      'Invalid configuration: STAFF_PASSWORD_SIGNIN=0 needs single sign-on (STAFF_OIDC_ISSUER, STAFF_OIDC_CLIENT_ID, STAFF_OIDC_CLIENT_SECRET), or no staff member could sign in',
    );
  }
  const embedded = e.DATABASE_URL === undefined;
  return {
    nodeEnv: e.NODE_ENV,
    port: e.PORT,
    host: e.HOST,
    publicUrl,
    databaseUrl: e.DATABASE_URL,
    databasePoolSize: e.DATABASE_POOL_SIZE,
    embedded,
    dataDir: path.resolve(e.DATA_DIR),
    smtpUrl: e.SMTP_URL,
    smtpFrom: e.SMTP_FROM,
    supportEmail: e.SUPPORT_EMAIL,
    staff:
      e.ONRAMP_STAFF_EMAIL && e.ONRAMP_STAFF_PASSWORD
        ? { email: e.ONRAMP_STAFF_EMAIL, password: e.ONRAMP_STAFF_PASSWORD }
        : undefined,
    // A demo subscription with a live link printed to the logs has no place in production.
    demo: (e.ONRAMP_DEMO ?? embedded) && e.NODE_ENV !== 'production',
    logLevel: e.LOG_LEVEL,
    trustProxy: e.TRUST_PROXY,
    regionsFile: e.REGIONS_FILE,
    passwordMinLength: e.PASSWORD_MIN_LENGTH,
    threadPoolSize,
    passwordHashConcurrency: e.PASSWORD_HASH_CONCURRENCY ?? threadPoolSize + 1,
    devMailbox: e.NODE_ENV !== 'production',
    secureCookies: publicUrl.startsWith('https:'),
    webhooks: {
      timeoutMs: e.WEBHOOK_TIMEOUT_SECONDS * 1000,
      retentionDays: e.WEBHOOK_RETENTION_DAYS,
      policy: {
        httpsOnly: e.NODE_ENV === 'production',
        allowPrivate: e.NODE_ENV !== 'production' || e.WEBHOOK_ALLOW_PRIVATE,
      },
    },
    connectorsFile: e.CONNECTORS_FILE,
    role: e.ONRAMP_ROLE,
    staffSso,
    staffPasswordSignIn: e.STAFF_PASSWORD_SIGNIN,
  };
}

function staffSsoConfig(e: z.infer<typeof environmentSchema>, publicUrl: string): StaffSsoConfig | undefined {
  const parts = [e.STAFF_OIDC_ISSUER, e.STAFF_OIDC_CLIENT_ID, e.STAFF_OIDC_CLIENT_SECRET];
  if (parts.every((p) => p === undefined)) return undefined;
  if (!e.STAFF_OIDC_ISSUER || !e.STAFF_OIDC_CLIENT_ID || !e.STAFF_OIDC_CLIENT_SECRET) {
    throw new ConfigError(
      'Invalid configuration: STAFF_OIDC_ISSUER, STAFF_OIDC_CLIENT_ID and STAFF_OIDC_CLIENT_SECRET must be set together',
    );
  }
  if (e.NODE_ENV === 'production' && !e.STAFF_OIDC_ISSUER.startsWith('https:')) {
    throw new ConfigError(
      'Invalid configuration: STAFF_OIDC_ISSUER must be an https:// address in production',
    );
  }
  return {
    issuer: e.STAFF_OIDC_ISSUER,
    clientId: e.STAFF_OIDC_CLIENT_ID,
    clientSecret: e.STAFF_OIDC_CLIENT_SECRET,
    redirectUri: `${publicUrl}/console/sso/callback`,
    scopes: e.STAFF_OIDC_SCOPES.split(/\s+/).includes('openid')
      ? e.STAFF_OIDC_SCOPES
      : `openid ${e.STAFF_OIDC_SCOPES}`,
    rolesClaim: e.STAFF_OIDC_ROLES_CLAIM,
    roleMap: e.STAFF_OIDC_ROLE_MAP === undefined ? undefined : parseRoleMap(e.STAFF_OIDC_ROLE_MAP),
    allowHttp: e.NODE_ENV !== 'production',
  };
}

/**
 * Settings that start but are almost certainly a mistake, for the log at start. Production
 * without SMTP_URL would keep every email in the local mailbox, which production does not show.
 */
export function configWarnings(config: Pick<Config, 'devMailbox' | 'smtpUrl' | 'role'>): string[] {
  const warnings: string[] = [];
  if (!config.devMailbox && !config.smtpUrl && config.role !== 'web') {
    warnings.push(
      'SMTP_URL is not set: emails are kept in the local mailbox, which NODE_ENV=production does not show, so nobody receives them. Set SMTP_URL to your mail server.',
    );
  }
  return warnings;
}

/** "group=role+role,other=role": every role must be one Onramp knows. */
function parseRoleMap(text: string): Record<string, string[]> {
  const map: Record<string, string[]> = {};
  for (const entry of text
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean)) {
    const at = entry.lastIndexOf('=');
    const value = entry.slice(0, at).trim();
    const roles = entry
      .slice(at + 1)
      .split('+')
      .map((role) => role.trim());
    const unknown = roles.find((role) => !staffAccess.isRole(role));
    if (at <= 0 || unknown !== undefined) {
      throw new ConfigError(
        `Invalid configuration: STAFF_OIDC_ROLE_MAP entry "${entry}" must be claim-value=role (roles: ${staffAccess.roles.join(', ')}; join several with +)`,
      );
    }
    map[value] = [...(map[value] ?? []), ...roles];
  }
  return map;
}

function describeIssue(message: string | undefined): string {
  if (!message) return 'is invalid';
  return `is invalid: ${message.charAt(0).toLowerCase()}${message.slice(1)}`;
}

function redact(name: string, value: string): string {
  if (/PASSWORD|SECRET/.test(name)) return '***';
  // Connection strings may carry credentials.
  return value.replace(/\/\/([^:/@]+):([^@]+)@/, '//$1:***@');
}
