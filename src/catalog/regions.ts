import { readFileSync } from 'node:fs';
import { z } from 'zod';

export type LocalizedName = { en: string; ko: string };
export type Region = { code: string; name: LocalizedName; loginUrl: string; timeZone: string };

/** The platform's regions (SPEC "Regions and products"); a deployment may replace them with REGIONS_FILE. */
export const defaultRegions: readonly Region[] = [
  region(
    'us-east-1',
    'Americas (US East)',
    '미주(미국 동부)',
    'https://login.mypurecloud.com',
    'America/New_York',
  ),
  region(
    'us-west-2',
    'Americas (US West)',
    '미주(미국 서부)',
    'https://login.usw2.pure.cloud',
    'America/Los_Angeles',
  ),
  region(
    'ca-central-1',
    'Americas (Canada)',
    '미주(캐나다)',
    'https://login.cac1.pure.cloud',
    'America/Toronto',
  ),
  region(
    'sa-east-1',
    'Americas (São Paulo)',
    '미주(상파울루)',
    'https://login.sae1.pure.cloud',
    'America/Sao_Paulo',
  ),
  region('eu-west-1', 'EMEA (Dublin)', 'EMEA(더블린)', 'https://login.mypurecloud.ie', 'Europe/Dublin'),
  region(
    'eu-central-1',
    'EMEA (Frankfurt)',
    'EMEA(프랑크푸르트)',
    'https://login.mypurecloud.de',
    'Europe/Berlin',
  ),
  region('eu-west-2', 'EMEA (London)', 'EMEA(런던)', 'https://login.euw2.pure.cloud', 'Europe/London'),
  region(
    'ap-south-1',
    'Asia Pacific (Mumbai)',
    '아시아 태평양(뭄바이)',
    'https://login.aps1.pure.cloud',
    'Asia/Kolkata',
  ),
  region(
    'ap-northeast-2',
    'Asia Pacific (Seoul)',
    '아시아 태평양(서울)',
    'https://login.apne2.pure.cloud',
    'Asia/Seoul',
  ),
  region(
    'ap-southeast-2',
    'Asia Pacific (Sydney)',
    '아시아 태평양(시드니)',
    'https://login.mypurecloud.com.au',
    'Australia/Sydney',
  ),
  region(
    'ap-northeast-1',
    'Asia Pacific (Tokyo)',
    '아시아 태평양(도쿄)',
    'https://login.mypurecloud.jp',
    'Asia/Tokyo',
  ),
];

function region(code: string, en: string, ko: string, loginUrl: string, timeZone: string): Region {
  return { code, name: { en, ko }, loginUrl, timeZone };
}

/** The region with this code in a deployment's catalog. */
export function regionOf(regions: readonly Region[], code: string): Region | undefined {
  return regions.find((r) => r.code === code);
}

const regionFileSchema = z
  .array(
    z.object({
      code: z.string().regex(/^[a-z0-9-]{2,32}$/),
      name: z.union([z.string().min(1), z.object({ en: z.string().min(1), ko: z.string().min(1) })]),
      loginUrl: z.url(),
      timeZone: z.string().min(1).default('UTC'),
    }),
  )
  .min(1);

/**
 * The region catalog this deployment serves. The embedded default serves every region from one
 * process, so every login address points back at it.
 */
export function loadRegions(options: { regionsFile?: string; selfLoginUrl?: string }): Region[] {
  let regions: Region[] = [...defaultRegions];
  if (options.regionsFile) {
    const parsed = regionFileSchema.safeParse(JSON.parse(readFileSync(options.regionsFile, 'utf8')));
    if (!parsed.success) {
      throw new Error(`REGIONS_FILE ${options.regionsFile} is invalid: ${parsed.error.issues[0]?.message}`);
    }
    regions = parsed.data.map((r) => ({
      code: r.code,
      name: typeof r.name === 'string' ? { en: r.name, ko: r.name } : r.name,
      loginUrl: r.loginUrl,
      timeZone: r.timeZone,
    }));
  }
  const self = options.selfLoginUrl;
  return self ? regions.map((r) => ({ ...r, loginUrl: self })) : regions;
}
