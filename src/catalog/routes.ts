import { z } from 'zod';
import { defineRoutes } from '../http/routes.ts';
import { features, products } from './products.ts';

const localized = z.object({ en: z.string(), ko: z.string() });

export const catalogRoutes = defineRoutes((api, ctx) => {
  const featureNames = new Map(features.map((f) => [f.key, f.name]));

  api.get(
    '/deployment',
    {
      schema: {
        tags: ['catalog'],
        summary: 'What this deployment offers the web app (the dev mailbox exists only outside production)',
        response: { 200: z.object({ mailbox: z.boolean() }) },
      },
    },
    async () => ({ mailbox: ctx.config.devMailbox }),
  );

  api.get(
    '/catalog/regions',
    {
      schema: {
        tags: ['catalog'],
        summary: 'Regions where an organization can live',
        response: {
          200: z.object({
            items: z.array(
              z.object({ code: z.string(), name: localized, loginUrl: z.string(), timeZone: z.string() }),
            ),
          }),
        },
      },
    },
    async () => ({ items: ctx.regions }),
  );

  api.get(
    '/catalog/products',
    {
      schema: {
        tags: ['catalog'],
        summary: 'Products and the features each turns on',
        response: {
          200: z.object({
            items: z.array(
              z.object({
                sku: z.string(),
                name: z.string(),
                kind: z.enum(['base', 'add-on']),
                features: z.array(z.object({ key: z.string(), name: localized })),
              }),
            ),
          }),
        },
      },
    },
    async () => ({
      items: products.map((p) => ({
        ...p,
        features: p.features.map((key) => ({ key, name: featureNames.get(key) ?? { en: key, ko: key } })),
      })),
    }),
  );
});
