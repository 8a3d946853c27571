import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { findProduct } from '../catalog/products.ts';
import type { Region } from '../catalog/regions.ts';
import { ConfigError } from '../config.ts';
import { isWebhookSecret } from '../events/signing.ts';

/** Step keys the built-in runs use; a connector may not take one. */
const builtInSteps = [
  'organization-defaults',
  'admin-role',
  'invitations',
  'activate-organization',
  'features',
  'billing',
  'finish',
];

const connectorSchema = z
  .object({
    key: z
      .string()
      .regex(/^[a-z][a-z0-9-]{1,40}$/, 'must be 2 to 41 characters of a-z, 0-9 and -, starting with a letter')
      .refine((key) => !builtInSteps.includes(key), 'is the name of a built-in step'),
    name: z.object({ en: z.string().trim().min(1).max(80), ko: z.string().trim().min(1).max(80) }),
    run: z.enum(['provisioning', 'setup']),
    url: z.url({ protocol: /^https?$/, error: 'must be an http:// or https:// URL' }),
    timeoutSeconds: z
      .number()
      .int()
      .min(1)
      .max(7 * 24 * 3600),
    regions: z.array(z.string()).min(1).optional(),
    products: z.array(z.string()).min(1).optional(),
    /** The signing secret (whsec_…), or the name of the environment variable that holds it. */
    secret: z.string().refine(isWebhookSecret, 'must be a whsec_ secret (whsec_ and base64)').optional(),
    secretEnv: z
      .string()
      .regex(/^[A-Z_][A-Z0-9_]*$/)
      .optional(),
  })
  .strict()
  .refine((c) => (c.secret === undefined) !== (c.secretEnv === undefined), {
    message: 'give exactly one of secret and secretEnv',
    path: ['secret'],
  });

const fileSchema = z.array(connectorSchema).superRefine((list, context) => {
  const seen = new Set<string>();
  list.forEach((connector, index) => {
    if (seen.has(connector.key)) {
      context.addIssue({ code: 'custom', path: [index, 'key'], message: `"${connector.key}" is used twice` });
    }
    seen.add(connector.key);
  });
});

export type Connector = {
  key: string;
  name: { en: string; ko: string };
  run: 'provisioning' | 'setup';
  url: string;
  timeoutSeconds: number;
  regions: string[] | undefined;
  products: string[] | undefined;
  secret: string;
};

/**
 * The external steps CONNECTORS_FILE declares, checked at start: a mistake stops the process
 * with the field it concerns (`CONNECTORS_FILE [1].url: must be an http:// or https:// URL`).
 */
export function loadConnectors(
  file: string | undefined,
  regions: readonly Region[],
  env: Record<string, string | undefined> = process.env,
): Connector[] {
  if (!file) return [];
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new ConfigError(`CONNECTORS_FILE ${file} cannot be read as JSON: ${(error as Error).message}`);
  }
  const parsed = fileSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = (issue?.path ?? [])
      .map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`))
      .join('');
    if (!where) throw new ConfigError('CONNECTORS_FILE must hold a JSON array of connectors');
    throw new ConfigError(`CONNECTORS_FILE ${where.replace(/^\./, '')}: ${issue?.message ?? 'is invalid'}`);
  }
  return parsed.data.map((c, index) => {
    for (const code of c.regions ?? []) {
      if (!regions.some((r) => r.code === code)) {
        throw new ConfigError(`CONNECTORS_FILE [${index}].regions: "${code}" is not a region in the catalog`);
      }
    }
    for (const sku of c.products ?? []) {
      if (!findProduct(sku)) {
        throw new ConfigError(
          `CONNECTORS_FILE [${index}].products: "${sku}" is not a product in the catalog`,
        );
      }
    }
    const secret = c.secret ?? env[c.secretEnv ?? ''];
    if (!secret || !isWebhookSecret(secret)) {
      throw new ConfigError(
        `CONNECTORS_FILE [${index}].secretEnv: ${c.secretEnv} must be set to a whsec_ secret`,
      );
    }
    return {
      key: c.key,
      name: c.name,
      run: c.run,
      url: c.url,
      timeoutSeconds: c.timeoutSeconds,
      regions: c.regions,
      products: c.products,
      secret,
    };
  });
}
