import type { Db } from '../db/client.ts';
import type { OrganizationRow } from '../db/schema.ts';
import {
  insertOrganizationAtCommit,
  insertOrganizationIfNameFree,
  type NewOrganization,
  type NewOrganizationValues,
} from '../organization/queries.ts';
import { shortNameCandidate } from './derive.ts';
import { takenNames } from './queries.ts';
import { isReservedShortName } from './reserved.ts';

const batch = 25;

/** The first free candidate of `base` in `region` (reserved names count as taken), as things stand now. */
export async function firstFreeShortName(
  db: Db,
  region: string,
  base: string,
  from = 0,
): Promise<{ name: string; n: number }> {
  for (let start = from; ; start += batch) {
    const candidates = Array.from({ length: batch }, (_, i) => shortNameCandidate(base, start + i));
    const taken = await takenNames(db, region, candidates);
    const index = candidates.findIndex((name) => !taken.has(name) && !isReservedShortName(name));
    if (index >= 0) return { name: candidates[index] as string, n: start + index };
  }
}

/**
 * Creates the organization with the first free short name of `base` in its region, inside the
 * caller's transaction. The unique (region, short_name) index decides races: an insert that
 * meets a name another transaction took (committed or not, it waits to see) does nothing, and
 * the next number is tried. So any number of concurrent activations of one company name all
 * succeed, with distinct names, and none sees an error.
 *
 * With `exact`, only `base` itself is acceptable: the result is undefined when it is taken.
 */
export async function insertOrganizationWithShortName(
  tx: Db,
  values: Omit<NewOrganization, 'shortName'>,
  base: string,
  options: { exact?: boolean } = {},
): Promise<OrganizationRow | undefined> {
  let n = 0;
  // Most names are free: the first candidate is tried before reading which ones are taken.
  const first = shortNameCandidate(base, 0);
  if (!options.exact && !isReservedShortName(first)) {
    const row = await insertOrganizationIfNameFree(tx, { ...values, shortName: first });
    if (row) return row;
    n = 1;
  }
  for (let attempt = 0; attempt < 1000; attempt++) {
    const candidate = options.exact
      ? { name: base, n: 0 }
      : await firstFreeShortName(tx, values.region, base, n);
    if (isReservedShortName(candidate.name)) return undefined;
    const row = await insertOrganizationIfNameFree(tx, { ...values, shortName: candidate.name });
    if (row) return row;
    if (options.exact) return undefined;
    n = candidate.n + 1;
  }
  throw new Error(`no free short name for ${base} in ${values.region}`);
}

/**
 * The organization with the first candidate of `base` (with `exact`, `base` itself) as its short
 * name, written as `tx` commits (`insertOrganizationAtCommit`): the commit fails if that name was
 * taken meanwhile. Undefined when the candidate is reserved: allocate it the usual way then.
 */
export async function insertOrganizationWithFirstNameAtCommit(
  tx: Db,
  values: Omit<NewOrganizationValues, 'shortName'>,
  base: string,
  options: { exact?: boolean } = {},
): Promise<OrganizationRow | undefined> {
  const name = options.exact ? base : shortNameCandidate(base, 0);
  if (isReservedShortName(name)) return undefined;
  return insertOrganizationAtCommit(tx, { ...values, shortName: name });
}
