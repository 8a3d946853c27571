import type { LocalizedName } from './regions.ts';

type Feature = { key: string; name: LocalizedName };
export type Product = { sku: string; name: string; kind: 'base' | 'add-on'; features: string[] };

/** Every feature a product can turn on. */
const features: readonly Feature[] = [
  feature('voice', 'Voice calls', '음성 통화'),
  feature('acd-routing', 'ACD routing', 'ACD 라우팅'),
  feature('ivr', 'IVR and call flows', 'IVR 및 통화 흐름'),
  feature('call-recording', 'Call recording', '통화 녹음'),
  feature('reporting', 'Reporting and dashboards', '보고서 및 대시보드'),
  feature('directory', 'Directory and presence', '디렉터리 및 상태 표시'),
  feature('email', 'Email channel', '이메일 채널'),
  feature('web-chat', 'Web chat', '웹 채팅'),
  feature('messaging', 'Web and social messaging', '웹 및 소셜 메시징'),
  feature('quality-management', 'Quality management', '품질 관리'),
  feature('screen-recording', 'Screen recording', '화면 녹화'),
  feature('workforce-management', 'Workforce management', '인력 관리'),
  feature('speech-analytics', 'Speech analytics', '음성 분석'),
  feature('text-analytics', 'Text analytics', '텍스트 분석'),
  feature('predictive-engagement', 'Predictive engagement', '예측 참여'),
  feature('predictive-routing', 'Predictive routing', '예측 라우팅'),
  feature('agent-assist', 'Agent assist', '상담원 지원'),
  feature('gamification', 'Gamification', '게이미피케이션'),
];

function feature(key: string, en: string, ko: string): Feature {
  return { key, name: { en, ko } };
}

const cx1 = ['voice', 'acd-routing', 'ivr', 'call-recording', 'reporting', 'directory'];
const digital = ['email', 'web-chat', 'messaging'];
const cx2 = [...cx1, ...digital, 'quality-management', 'screen-recording'];
const cx2Digital = ['acd-routing', 'reporting', 'directory', ...digital, 'quality-management'];
const cx3 = [...cx2, 'workforce-management', 'speech-analytics', 'text-analytics'];
const cx3Digital = [...cx2Digital, 'workforce-management', 'text-analytics'];
const cx4 = [...cx3, 'predictive-engagement', 'predictive-routing', 'agent-assist'];

/** The product catalog (SPEC "Regions and products"). */
const products: readonly Product[] = [
  { sku: 'cx-1', name: 'CX 1', kind: 'base', features: cx1 },
  { sku: 'cx-2', name: 'CX 2', kind: 'base', features: cx2 },
  { sku: 'cx-2-digital', name: 'CX 2 Digital', kind: 'base', features: cx2Digital },
  { sku: 'cx-3', name: 'CX 3', kind: 'base', features: cx3 },
  { sku: 'cx-3-digital', name: 'CX 3 Digital', kind: 'base', features: cx3Digital },
  { sku: 'cx-4', name: 'CX 4', kind: 'base', features: cx4 },
  {
    sku: 'wem-addon',
    name: 'WEM add-on',
    kind: 'add-on',
    features: ['workforce-management', 'quality-management', 'speech-analytics', 'gamification'],
  },
];

const productsBySku = new Map(products.map((p) => [p.sku, p]));

export function findProduct(sku: string): Product | undefined {
  return productsBySku.get(sku);
}

/** A product's display name; a SKU no longer in the catalog shows as itself. */
export function productName(sku: string): string {
  return findProduct(sku)?.name ?? sku;
}

/**
 * The features a set of subscribed products turns on, each once, in catalog order, with the
 * products that bring it. A pure rule: the setup run and the verification checks both use it.
 */
export function featuresForProducts(skus: readonly string[]): { key: string; skus: string[] }[] {
  const bySku = new Map<string, string[]>();
  for (const sku of skus) {
    for (const key of findProduct(sku)?.features ?? []) {
      bySku.set(key, [...(bySku.get(key) ?? []), sku]);
    }
  }
  return features.filter((f) => bySku.has(f.key)).map((f) => ({ key: f.key, skus: bySku.get(f.key) ?? [] }));
}

const featureNames = new Map(features.map((f) => [f.key, f.name]));

/** A feature's name in both languages; an unknown key shows as itself. */
export function featureName(key: string): LocalizedName {
  return featureNames.get(key) ?? { en: key, ko: key };
}

/** The catalog as the API shows it: each product with its features' names. */
export function productCatalog() {
  return products.map((p) => ({
    ...p,
    features: p.features.map((key) => ({ key, name: featureName(key) })),
  }));
}
