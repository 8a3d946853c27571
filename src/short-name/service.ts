import { regionOf } from '../catalog/regions.ts';
import type { AppContext } from '../context.ts';
import { validationError } from '../errors.ts';
import { firstFreeShortName } from './allocate.ts';
import {
  checkShortName,
  deriveShortName,
  normalizeTypedShortName,
  shortNameCandidate,
  shortNameRuleMessages,
} from './derive.ts';
import type { ShortNameDirectory } from './directory.ts';
import { whereNamesExist } from './queries.ts';
import { isReservedShortName } from './reserved.ts';

export type ShortNamePreview = {
  /** The name checked: derived from the company, or the typed one normalized. */
  shortName: string;
  source: 'derived' | 'typed';
  available: boolean;
  /** What activation would take now: the name itself when available, else the first free number. */
  suggestion: string;
  existsInOtherRegions: string[];
  reason?: 'taken' | 'reserved';
};

/**
 * The short-name check behind the form's live preview: derived from `company`, or the name the
 * admin typed, with its availability in `region` and the other regions that use it. With a
 * `directory`, recent answers come from memory (kept exact by the database's notifications).
 */
export async function previewShortName(
  ctx: Pick<AppContext, 'db' | 'regions'>,
  query: { region: string; company?: string; shortName?: string },
  directory?: ShortNameDirectory,
): Promise<ShortNamePreview> {
  if (!regionOf(ctx.regions, query.region)) {
    throw validationError({ path: 'querystring.region', message: 'is not a region in the catalog' });
  }
  let name: string;
  let source: ShortNamePreview['source'];
  if (query.shortName !== undefined) {
    name = normalizeTypedShortName(query.shortName);
    source = 'typed';
    const rule = checkShortName(name);
    if (rule && rule !== 'reserved') {
      throw validationError({ path: 'querystring.shortName', message: shortNameRuleMessages[rule], rule });
    }
  } else if (query.company !== undefined) {
    name = deriveShortName(query.company);
    source = 'derived';
  } else {
    throw validationError({ path: 'querystring', message: 'give company or shortName' });
  }
  // One query answers it all: the name and its next candidates, in every region.
  const candidates = Array.from({ length: 25 }, (_, n) => shortNameCandidate(name, n));
  const existing = directory
    ? await directory.whereNamesExist(name, candidates)
    : await whereNamesExist(ctx.db, candidates);
  const takenHere = new Set(
    existing.filter((row) => row.region === query.region).map((row) => row.shortName),
  );
  const free = (candidate: string) => !takenHere.has(candidate) && !isReservedShortName(candidate);
  const reserved = isReservedShortName(name);
  const available = free(name);
  const suggestion =
    candidates.slice(1).find(free) ??
    (await firstFreeShortName(ctx.db, query.region, name, candidates.length)).name;
  return {
    shortName: name,
    source,
    available,
    suggestion: available ? name : suggestion,
    existsInOtherRegions: [
      ...new Set(
        existing
          .filter((row) => row.shortName === name && row.region !== query.region)
          .map((row) => row.region),
      ),
    ].sort(),
    ...(reserved ? { reason: 'reserved' as const } : available ? {} : { reason: 'taken' as const }),
  };
}
