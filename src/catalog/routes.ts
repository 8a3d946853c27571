import { defineRoutes } from '../http/routes.ts';
import { productCatalog } from './products.ts';
import { deploymentSchema, productList, regionList } from './schemas.ts';

export const catalogRoutes = defineRoutes((api, ctx) => {
  api.get(
    '/deployment',
    {
      schema: {
        tags: ['catalog'],
        summary: 'What this deployment offers the web app (the dev mailbox exists only outside production)',
        response: { 200: deploymentSchema },
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
        response: { 200: regionList },
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
        response: { 200: productList },
      },
    },
    async () => ({ items: productCatalog() }),
  );
});
