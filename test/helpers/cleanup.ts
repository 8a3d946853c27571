import { after } from 'node:test';

export type Cleanup = (() => unknown)[];

/**
 * Clean-ups for the suite this is called in: run after its tests, the last added first. Each runs
 * even when one before it failed, so a process that would not stop never keeps its database from
 * being dropped.
 */
export function cleanUpAfterSuite(): Cleanup {
  const cleanup: Cleanup = [];
  after(async () => {
    for (const fn of cleanup.reverse()) {
      try {
        await fn();
      } catch {
        // The next clean-up still runs.
      }
    }
  });
  return cleanup;
}
