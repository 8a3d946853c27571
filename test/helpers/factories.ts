import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { activationTokenFrom, type Headers, type TestApp } from './app.ts';

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
  assert.equal(response.statusCode, 201, response.body);
  const [mail] = await app.waitForMail(
    body.contact.email,
    /Activate your Onramp features|Onramp 기능 활성화/,
  );
  assert.ok(mail);
  return {
    id: response.json<{ id: string }>().id,
    token: activationTokenFrom(mail),
    contactEmail: body.contact.email,
    body,
  };
}
