import { defineRoutes } from '../http/routes.ts';
import { commonErrors } from '../http/schemas.ts';
import { ShortNameDirectory } from './directory.ts';
import { previewQuery, shortNamePreview } from './schemas.ts';
import { previewShortName } from './service.ts';

export const shortNameRoutes = defineRoutes(async (api, ctx) => {
  const directory = new ShortNameDirectory(ctx.database);
  await directory.start();
  api.addHook('onClose', () => directory.stop());
  api.get(
    '/short-names/preview',
    {
      // Called on every (debounced) keystroke of the activation form.
      config: { rateLimit: { max: 300, timeWindow: 60_000 } },
      schema: {
        tags: ['activation'],
        summary: 'The short name derived from a company name, or a typed one, with its availability',
        description:
          'Give `company` to derive the name, or `shortName` to check a typed one (400 with the broken rule when invalid). `available` is for the region; `suggestion` is what activation would take now; `existsInOtherRegions` lists regions that already use the name (allowed, but discouraged).',
        querystring: previewQuery,
        response: {
          200: shortNamePreview,
          ...commonErrors,
        },
      },
    },
    async (request, reply) => {
      reply.header('cache-control', 'no-store');
      return previewShortName(ctx, request.query, directory);
    },
  );
});
