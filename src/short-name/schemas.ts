import { z } from 'zod';

export const previewQuery = z.object({
  region: z.string().min(1).max(32),
  company: z.string().max(200).optional(),
  shortName: z.string().max(200).optional(),
});

export const shortNamePreview = z
  .object({
    shortName: z.string(),
    source: z.enum(['derived', 'typed']),
    available: z.boolean(),
    suggestion: z.string(),
    existsInOtherRegions: z.array(z.string()),
    reason: z.enum(['taken', 'reserved']).optional(),
  })
  .meta({ id: 'ShortNamePreview' });
