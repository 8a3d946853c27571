import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import http from 'node:http';
import https from 'node:https';
import { isIP, type LookupFunction } from 'node:net';
import { isPrivateAddress } from './addresses.ts';

/** Where outbound requests may go: staff-typed webhook URLs are held to this; operator config is not. */
export type OutboundPolicy = { httpsOnly: boolean; allowPrivate: boolean };

export const openPolicy: OutboundPolicy = { httpsOnly: false, allowPrivate: true };

/** Why a URL is refused before any request is made. */
export type UrlProblem = 'invalid' | 'scheme' | 'https-required' | 'private-address';

export class OutboundError extends Error {
  readonly kind: 'timeout' | 'network' | 'refused';
  constructor(kind: OutboundError['kind'], message: string) {
    super(message);
    this.name = 'OutboundError';
    this.kind = kind;
  }
}

export type OutboundResponse = {
  status: number;
  /** The first `maxBodyBytes` of the body, as text. */
  body: string;
  latencyMs: number;
};

function resolveAll(hostname: string): Promise<LookupAddress[]> {
  return new Promise((resolve, reject) => {
    dnsLookup(hostname, { all: true, verbatim: true }, (error, addresses) =>
      error ? reject(error) : resolve(addresses),
    );
  });
}

/**
 * What is wrong with `raw` as a target under `policy`, or undefined when it may be called. A
 * hostname is resolved: one private address among its answers is enough to refuse it.
 */
export async function checkTargetUrl(raw: string, policy: OutboundPolicy): Promise<UrlProblem | undefined> {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return 'invalid';
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return 'scheme';
  if (policy.httpsOnly && url.protocol !== 'https:') return 'https-required';
  if (policy.allowPrivate) return undefined;
  const host = url.hostname.replace(/^\[|\]$/g, '');
  if (isIP(host)) return isPrivateAddress(host) ? 'private-address' : undefined;
  if (host === 'localhost' || host.endsWith('.localhost')) return 'private-address';
  try {
    const addresses = await resolveAll(host);
    return addresses.some((a) => isPrivateAddress(a.address)) ? 'private-address' : undefined;
  } catch {
    // An unresolvable name is not refused here: delivery will fail and retry, visibly.
    return undefined;
  }
}

/** DNS lookup that refuses private answers at connect time too, so a rebinding name cannot slip by. */
const guardedLookup: LookupFunction = (hostname, options, callback) => {
  dnsLookup(hostname, { ...options, all: true, verbatim: true }, (error, addresses) => {
    if (error) return callback(error, '', 4);
    const list = addresses as LookupAddress[];
    const allowed = list.filter((a) => !isPrivateAddress(a.address));
    if (allowed.length === 0 || allowed.length < list.length) {
      return callback(
        Object.assign(new Error(`${hostname} resolves to a private address`), { code: 'EPRIVATE' }),
        '',
        4,
      );
    }
    if (options.all) return callback(null, allowed as never, 4);
    const first = allowed[0] as LookupAddress;
    return callback(null, first.address, first.family);
  });
};

/**
 * POSTs `body` to `url` and reads at most `maxBodyBytes` of the answer. Never follows redirects;
 * the whole exchange is bounded by `timeoutMs`. Network failures and timeouts throw
 * OutboundError; any HTTP status is an answer.
 */
export async function postJson(
  url: string,
  body: string,
  headers: Record<string, string>,
  options: { timeoutMs: number; maxBodyBytes: number; policy: OutboundPolicy },
): Promise<OutboundResponse> {
  const problem = await checkTargetUrl(url, options.policy);
  if (problem) throw new OutboundError('refused', `the URL is not allowed (${problem})`);
  const target = new URL(url);
  const client = target.protocol === 'https:' ? https : http;
  const started = performance.now();
  return new Promise<OutboundResponse>((resolve, reject) => {
    const request = client.request(
      target,
      {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'content-length': String(Buffer.byteLength(body)),
          'user-agent': 'Onramp-Webhooks/1',
          ...headers,
        },
        signal: AbortSignal.timeout(options.timeoutMs),
        ...(options.policy.allowPrivate ? {} : { lookup: guardedLookup }),
        agent: false,
      },
      (response) => {
        const chunks: Buffer[] = [];
        let size = 0;
        const finish = () => {
          resolve({
            status: response.statusCode ?? 0,
            body: Buffer.concat(chunks).subarray(0, options.maxBodyBytes).toString('utf8'),
            latencyMs: Math.round(performance.now() - started),
          });
        };
        response.on('data', (chunk: Buffer) => {
          if (size >= options.maxBodyBytes) return;
          chunks.push(chunk);
          size += chunk.length;
          // Enough read: the rest of a large answer is not our business.
          if (size >= options.maxBodyBytes) {
            finish();
            response.destroy();
          }
        });
        response.on('end', finish);
        response.on('error', (error) => {
          if (size >= options.maxBodyBytes) return;
          reject(classify(error));
        });
      },
    );
    request.on('error', (error) => reject(classify(error)));
    request.end(body);
  });
}

function classify(error: Error): OutboundError {
  if (error.name === 'AbortError' || error.name === 'TimeoutError') {
    return new OutboundError('timeout', 'no answer within the time limit');
  }
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'EPRIVATE') return new OutboundError('refused', error.message);
  return new OutboundError('network', code ? `${code}: ${error.message}` : error.message);
}
