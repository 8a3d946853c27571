import { fieldMessageForPeople } from '../../src/i18n/field-messages.ts';

/** The JSON API from the browser: errors arrive as ApiError with SPEC's code, message and reference. */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly details: Record<string, unknown> | undefined;
  readonly reference: string | undefined;

  constructor(
    status: number,
    body: { code?: string; message?: string; details?: Record<string, unknown>; reference?: string },
  ) {
    super(body.message ?? `Request failed (${status})`);
    this.status = status;
    this.code = body.code ?? 'NETWORK_ERROR';
    this.details = body.details;
    this.reference = body.reference;
  }

  /** Field errors from VALIDATION_FAILED, keyed by path without the `body.` prefix. */
  fieldErrors(): Record<string, string> {
    const fields = (this.details?.fields ?? []) as { path: string; message: string }[];
    const locale = document.documentElement.lang === 'ko' ? 'ko' : 'en';
    return Object.fromEntries(
      fields.map((f) => [f.path.replace(/^body\./, ''), fieldMessageForPeople(locale, f.message)]),
    );
  }
}

function cookie(name: string): string | undefined {
  return document.cookie
    .split('; ')
    .find((part) => part.startsWith(`${name}=`))
    ?.slice(name.length + 1);
}

export type Api = <T>(method: string, path: string, body?: unknown) => Promise<T>;

/**
 * A client for one session realm. Cookie sessions need the CSRF token on every change; each
 * realm (staff, customer) keeps its own in a readable cookie.
 */
function createApi(csrfCookie: string): Api {
  return (method, path, body) => request(method, path, body, cookie(csrfCookie));
}

export const staffApi = createApi('onramp_staff_csrf');
export const customerApi = createApi('onramp_csrf');

async function request<T>(method: string, path: string, body: unknown, csrf: string | undefined): Promise<T> {
  const headers: Record<string, string> = {
    accept: 'application/json',
    'accept-language': document.documentElement.lang || 'en',
  };
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (csrf && method !== 'GET') headers['x-csrf-token'] = csrf;
  let response: Response;
  try {
    response = await fetch(path, {
      method,
      headers,
      credentials: 'same-origin',
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
  } catch {
    throw new ApiError(0, {
      code: 'NETWORK_ERROR',
      message: 'The server could not be reached. Check your connection and try again.',
    });
  }
  if (response.status === 204) return undefined as T;
  const text = await response.text();
  const json = text ? (JSON.parse(text) as unknown) : undefined;
  if (!response.ok) {
    throw new ApiError(response.status, (json as { error?: Record<string, never> } | undefined)?.error ?? {});
  }
  return json as T;
}
