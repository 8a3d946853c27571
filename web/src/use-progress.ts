import { useEffect, useState } from 'react';
import { customerApi } from './api.ts';

/**
 * Follows a background run over Server-Sent Events (`event: progress`), falling back to polling
 * the plain endpoint when the stream is unavailable; stops at a final state.
 */
export function useProgress<T>(
  urls: { stream: string; poll: string },
  isFinal: (value: T) => boolean,
  generation = 0,
) {
  const [progress, setProgress] = useState<T>();
  const [error, setError] = useState<unknown>();
  // biome-ignore lint/correctness/useExhaustiveDependencies: isFinal is a pure function of the value
  useEffect(() => {
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const poll = async () => {
      try {
        const next = await customerApi<T>('GET', urls.poll);
        if (stopped) return;
        setProgress(next);
        if (!isFinal(next)) timer = setTimeout(poll, 2000);
      } catch (caught) {
        if (!stopped) setError(caught);
      }
    };
    const source = new EventSource(urls.stream);
    source.addEventListener('progress', (event) => {
      const next = JSON.parse((event as MessageEvent<string>).data) as T;
      setProgress(next);
      if (isFinal(next)) source.close();
    });
    source.onerror = () => {
      // The stream ended or could not start: the plain endpoint tells where things stand.
      source.close();
      if (!stopped) void poll();
    };
    return () => {
      stopped = true;
      source.close();
      clearTimeout(timer);
    };
  }, [urls.stream, urls.poll, generation]);
  return { progress, error };
}
