import { customerApi } from './api.ts';
import { useAsync } from './use-async.ts';

type Deployment = { mailbox: boolean };
let cached: Promise<Deployment> | undefined;

/** What this deployment offers (fetched once per page load). */
export function useDeployment(): Deployment | undefined {
  cached ??= customerApi<Deployment>('GET', '/api/v1/deployment').catch(() => ({ mailbox: false }));
  return useAsync(() => cached as Promise<Deployment>, []).data;
}
