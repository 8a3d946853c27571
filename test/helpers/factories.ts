import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { signedIn } from '../../src/accounts/schemas.ts';
import { activationProgress, activationResult } from '../../src/activation/schemas.ts';
import { eventTypes } from '../../src/events/catalog.ts';
import { setupProgressSchema } from '../../src/setup/schemas.ts';
import { createdSubscription } from '../../src/subscriptions/schemas.ts';
import { createdEndpoint, deliveryPage, endpointView } from '../../src/webhooks/schemas.ts';
import { activationTokenFrom, type Headers, sessionHeaders, type TestApp, waitFor } from './app.ts';
import { answer } from './client.ts';

type SubscriptionBody = Record<string, unknown> & { contact: { name: string; email: string } };

/** A valid `POST /api/v1/subscriptions` body; override any part. */
export function subscriptionBody(overrides: Record<string, unknown> = {}): SubscriptionBody {
  const id = randomBytes(4).toString('hex');
  return {
    company: 'Acme Corp',
    contact: { name: 'Casey Contact', email: `casey-${id}@customer.test` },
    locale: 'en',
    kind: 'trial',
    trialDays: 30,
    products: [{ sku: 'cx-2', quantity: 10 }],
    ...overrides,
  } as SubscriptionBody;
}

export type SeededSubscription = { id: string; token: string; contactEmail: string; body: SubscriptionBody };

const salesHeaders = new WeakMap<TestApp, Headers>();

/** Creates a subscription as a sales rep and waits for its activation email; returns the link's token. */
export async function seedSubscription(
  app: TestApp,
  overrides: Record<string, unknown> = {},
): Promise<SeededSubscription> {
  let sales = salesHeaders.get(app);
  if (!sales) {
    sales = await app.staff(['sales']);
    salesHeaders.set(app, sales);
  }
  const body = subscriptionBody(overrides);
  const response = await app.request({
    method: 'POST',
    url: '/api/v1/subscriptions',
    payload: body,
    as: sales,
  });
  const created = answer(response, 201, createdSubscription);
  const [mail] = await app.waitForMail(
    body.contact.email,
    /Activate your Onramp features|Onramp 기능 활성화/,
  );
  assert.ok(mail);
  return {
    id: created.id,
    token: activationTokenFrom(mail),
    contactEmail: body.contact.email,
    body,
  };
}

export const adminPassword = 'Activate-Me-42!';

/** A valid `POST /api/v1/activations/{token}` body; override any part. */
export function activationBody(overrides: Record<string, unknown> = {}) {
  const id = randomBytes(4).toString('hex');
  return {
    region: 'us-east-1',
    companyName: 'Acme Corp',
    admin: { firstName: 'Ada', lastName: 'Admin', email: `ada-${id}@customer.test`, password: adminPassword },
    invitations: [],
    locale: 'en',
    ...overrides,
  } as Record<string, unknown> & { admin: { email: string; password: string } };
}

export type Activated = {
  organizationId: string;
  shortName: string;
  region: string;
  token: string;
  adminEmail: string;
};

/** Seeds a subscription and activates it; waits until provisioning is done unless told not to. */
export async function seedActivation(
  app: TestApp,
  options: {
    subscription?: Record<string, unknown>;
    activation?: Record<string, unknown>;
    wait?: boolean;
  } = {},
): Promise<Activated> {
  const seeded = await seedSubscription(app, options.subscription);
  const body = activationBody(options.activation);
  const response = await app.request({
    method: 'POST',
    url: `/api/v1/activations/${seeded.token}`,
    payload: body,
  });
  const result = answer(response, 202, activationResult);
  if (options.wait !== false) await waitForProvisioning(app, seeded.token);
  return { ...result, token: seeded.token, adminEmail: body.admin.email };
}

export async function waitForProvisioning(app: TestApp, token: string, state: 'ready' | 'failed' = 'ready') {
  let last = '';
  await waitFor(async () => {
    const response = await app.request({ method: 'GET', url: `/api/v1/activations/${token}/progress` });
    const progress = answer(response, 200, activationProgress);
    last = JSON.stringify(progress);
    return progress.state === state;
  }, `provisioning to be ${state} (last: ${last})`);
}

/** Signs a customer in; returns the headers that act as them. */
export async function signInCustomer(
  app: TestApp,
  credentials: { email: string; password?: string; shortName?: string },
): Promise<Headers> {
  const response = await app.request({
    method: 'POST',
    url: '/api/v1/sessions',
    payload: { password: adminPassword, ...credentials },
  });
  answer(response, 201, signedIn);
  return sessionHeaders(response, 'onramp_session', 'onramp_csrf');
}

/**
 * Accepts the invitation emailed to `email` with the link in that email, as `name`, with the
 * shared test password; the new member's account is then created (201), which this checks.
 */
export async function acceptInvitation(
  app: TestApp,
  email: string,
  name: { firstName: string; lastName: string },
): Promise<void> {
  const [mail] = await app.waitForMail(email, /invited you/);
  const token = /\/invitations\/([A-Za-z0-9_-]+)/.exec(mail?.text ?? '')?.[1];
  const accepted = await app.request({
    method: 'POST',
    url: `/api/v1/invitations/${token}`,
    payload: { ...name, password: adminPassword },
  });
  assert.equal(accepted.statusCode, 201, accepted.body);
}

export async function waitForSetup(app: TestApp, as: Headers, state: 'done' | 'failed' = 'done') {
  let last = '';
  await waitFor(async () => {
    const response = await app.request({ method: 'GET', url: '/api/v1/organization/setup', as });
    const progress = answer(response, 200, setupProgressSchema);
    last = JSON.stringify(progress);
    return progress.state === state;
  }, `setup to be ${state} (last: ${last})`);
}

/** An activated organization whose admin signed in and whose setup finished. */
export async function seedOrganization(
  app: TestApp,
  options: { subscription?: Record<string, unknown>; activation?: Record<string, unknown> } = {},
) {
  const activated = await seedActivation(app, options);
  const admin = await signInCustomer(app, { email: activated.adminEmail });
  await waitForSetup(app, admin);
  return { ...activated, admin };
}

/** Registers a webhook endpoint for `events` (every event by default); its answer, secret included. */
export async function registerEndpoint(
  app: TestApp,
  as: Headers,
  url: string,
  events: readonly string[] = eventTypes,
) {
  const response = await app.request({
    method: 'POST',
    url: '/api/v1/webhook-endpoints',
    payload: { url, events, description: 'test receiver' },
    as,
  });
  return answer(response, 201, createdEndpoint);
}

/** A webhook endpoint as the console reads it. */
export async function readEndpoint(app: TestApp, as: Headers, id: string) {
  return answer(
    await app.request({ method: 'GET', url: `/api/v1/webhook-endpoints/${id}`, as }),
    200,
    endpointView,
  );
}

/** The first page of a webhook endpoint's delivery log. */
export async function readDeliveries(app: TestApp, as: Headers, id: string) {
  const response = await app.request({
    method: 'GET',
    url: `/api/v1/webhook-endpoints/${id}/deliveries`,
    as,
  });
  return answer(response, 200, deliveryPage);
}
