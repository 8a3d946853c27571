import { z } from 'zod';

const localized = z.object({ en: z.string(), ko: z.string() });

export const deploymentSchema = z.object({ mailbox: z.boolean() });

export const regionSchema = z
  .object({ code: z.string(), name: localized, loginUrl: z.string(), timeZone: z.string() })
  .meta({ id: 'Region' });

export const regionList = z.object({ items: z.array(regionSchema) });

export const productSchema = z
  .object({
    sku: z.string(),
    name: z.string(),
    kind: z.enum(['base', 'add-on']),
    features: z.array(z.object({ key: z.string(), name: localized })),
  })
  .meta({ id: 'Product' });

export const productList = z.object({ items: z.array(productSchema) });
