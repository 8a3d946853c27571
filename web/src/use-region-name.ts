import { customerApi } from './api.ts';
import type { Region } from './api-types.ts';
import { useI18n } from './i18n.tsx';
import { useAsync } from './use-async.ts';

/** The region catalog, asked for once per page load: it changes only with a restart. */
let catalog: Promise<{ items: Region[] }> | undefined;

/** A region by its name in the page's language; the code until the catalog is in. */
export function useRegionName(): (code: string) => string {
  const { locale } = useI18n();
  catalog ??= customerApi<{ items: Region[] }>('GET', '/api/v1/catalog/regions');
  const regions = useAsync(() => catalog as Promise<{ items: Region[] }>, []);
  return (code) => regions.data?.items.find((r) => r.code === code)?.name[locale] ?? code;
}
