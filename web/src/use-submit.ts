import { useCallback, useState } from 'react';

/**
 * What a form needs while it talks to the API: `busy` during the call, and the error it ended
 * with (shown by the form) or none. `run` clears the last error first.
 */
export function useSubmit() {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  const run = useCallback(async (work: () => Promise<void>) => {
    setBusy(true);
    setError(undefined);
    try {
      await work();
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  }, []);
  return { busy, error, run };
}
