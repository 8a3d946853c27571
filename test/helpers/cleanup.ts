import { after } from 'node:test';

export type Cleanup = (() => unknown)[];

/**
 * Clean-ups for the suite this is called in: run after its tests, the last added first. Each
 * runs even when one before it fails, so a stuck process never keeps a database from being dropped.
 */
export function cleanUpAfterSuite(): Cleanup {
  const cleanup: Cleanup = [];
  after(async () => {
    for (const fn of cleanup.reverse())
      await Promise.resolve()
        .then(fn)
        .catch(() => {});
  });
  return cleanup;
}
