import path from 'node:path';
import { z } from 'zod';
import type { OutboundPolicy } from './outbound/request.ts';

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
  WEBHOOK_ALLOW_PRIVATE: flag.default(false),
  WEBHOOK_TIMEOUT_SECONDS: z.coerce.number().min(1).max(60).default(15),
  CONNECTORS_FILE: optionalString,
  ONRAMP_ROLE: z.enum(['all', 'web', 'worker']).default('all'),
});

export type Config = {
  nodeEnv: 'development' | 'production' | 'test';
  port: number;
  host: string;
  publicUrl: string;
  /** Set: PostgreSQL. Unset: the embedded PGlite under `dataDir`. */
  databaseUrl: string | undefined;
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
  /** The local mailbox page and API exist only outside production. */
  devMailbox: boolean;
  secureCookies: boolean;
  webhooks: {
    /** How long one delivery attempt may take, connection to last byte. */
    timeoutMs: number;
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
};

export class ConfigError extends Error {}

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
  const publicUrl = (e.PUBLIC_URL ?? `http://localhost:${e.PORT}`).replace(/\/+$/, '');
  const embedded = e.DATABASE_URL === undefined;
  return {
    nodeEnv: e.NODE_ENV,
    port: e.PORT,
    host: e.HOST,
    publicUrl,
    databaseUrl: e.DATABASE_URL,
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
    devMailbox: e.NODE_ENV !== 'production',
    secureCookies: publicUrl.startsWith('https:'),
    webhooks: {
      timeoutMs: e.WEBHOOK_TIMEOUT_SECONDS * 1000,
      policy: {
        httpsOnly: e.NODE_ENV === 'production',
        allowPrivate: e.NODE_ENV !== 'production' || e.WEBHOOK_ALLOW_PRIVATE,
      },
    },
    connectorsFile: e.CONNECTORS_FILE,
    role: e.ONRAMP_ROLE,
  };
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
