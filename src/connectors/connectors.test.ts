import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { Webhook } from 'standardwebhooks';
import { type Headers, startTestApp, type TestApp, waitFor } from '../../test/helpers/app.ts';
import { answer } from '../../test/helpers/client.ts';
import {
  seedActivation,
  signInCustomer,
  waitForProvisioning,
  waitForSetup,
} from '../../test/helpers/factories.ts';
import { type Answer, type Received, type Receiver, startReceiver } from '../../test/helpers/receiver.ts';
import { activationProgress } from '../activation/schemas.ts';
import { defaultRegions } from '../catalog/regions.ts';
import { ConfigError } from '../config.ts';
import { newWebhookSecret } from '../events/signing.ts';
import { setupProgressSchema } from '../setup/schemas.ts';
import { organizationDetailSchema } from '../support/schemas.ts';
import { loadConnectors } from './config.ts';

const secret = newWebhookSecret();

function connectorsFile(connectors: unknown): string {
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'onramp-connectors-')), 'connectors.json');
  writeFileSync(file, JSON.stringify(connectors));
  return file;
}

describe('CONNECTORS_FILE is checked at start, naming the field', () => {
  const valid = {
    key: 'crm-account',
    name: { en: 'CRM account', ko: 'CRM 계정' },
    run: 'provisioning',
    url: 'https://crm.example.com/onramp',
    timeoutSeconds: 30,
    secret,
  };
  const cases: [string, unknown, RegExp][] = [
    ['not an array', { connectors: [] }, /CONNECTORS_FILE must hold a JSON array of connectors/],
    ['a bad key', [{ ...valid, key: 'CRM Account' }], /\[0\]\.key: must be 2 to 41 characters/],
    ['a built-in key', [{ ...valid, key: 'billing' }], /\[0\]\.key: is the name of a built-in step/],
    ['a missing Korean name', [{ ...valid, name: { en: 'CRM' } }], /\[0\]\.name\.ko/],
    ['an unknown run', [{ ...valid, run: 'verification' }], /\[0\]\.run/],
    ['a bad URL', [{ ...valid, url: 'ftp://crm' }], /\[0\]\.url: must be an http:\/\/ or https:\/\/ URL/],
    ['a zero timeout', [{ ...valid, timeoutSeconds: 0 }], /\[0\]\.timeoutSeconds/],
    ['an unknown region', [{ ...valid, regions: ['mars-1'] }], /\[0\]\.regions: "mars-1" is not a region/],
    ['an unknown product', [{ ...valid, products: ['cx-99'] }], /\[0\]\.products: "cx-99" is not a product/],
    ['a bad secret', [{ ...valid, secret: 'hunter2' }], /\[0\]\.secret: must be a whsec_ secret/],
    [
      'no secret',
      [{ ...valid, secret: undefined }],
      /\[0\]\.secret: give exactly one of secret and secretEnv/,
    ],
    [
      'an unset secretEnv',
      [{ ...valid, secret: undefined, secretEnv: 'NOT_SET_ANYWHERE' }],
      /NOT_SET_ANYWHERE must be set/,
    ],
    ['a duplicate key', [valid, valid], /\[1\]\.key: "crm-account" is used twice/],
    ['an unknown field', [{ ...valid, retries: 3 }], /\[0\]/],
  ];
  for (const [what, content, message] of cases) {
    test(`refuses ${what}`, () => {
      assert.throws(
        () => loadConnectors(connectorsFile(content), defaultRegions),
        (error: unknown) => {
          assert.ok(error instanceof ConfigError);
          assert.match(error.message, message);
          return true;
        },
      );
    });
  }
  test('accepts a valid file, with the secret from the environment', () => {
    const loaded = loadConnectors(
      connectorsFile([{ ...valid, secret: undefined, secretEnv: 'CRM_SECRET' }]),
      defaultRegions,
      { CRM_SECRET: secret },
    );
    assert.equal(loaded[0]?.secret, secret);
  });
});

describe('connectors: external steps of provisioning and setup', () => {
  let app: TestApp;
  let receiver: Receiver;
  let cx: Headers;
  /** What the receiver answers for each step key; by default 200 with a JSON body. */
  const behaviour = new Map<string, (request: Received, attempt: number) => Answer>();
  const calls = (key: string, organizationId?: string) =>
    receiver.received.filter(
      (r) =>
        r.json.data.step === key &&
        (!organizationId ||
          (r.json.data.organization as { organizationId: string }).organizationId === organizationId),
    );

  before(async () => {
    receiver = await startReceiver((request) => {
      const key = String(request.json.data.step);
      const organizationId = (request.json.data.organization as { organizationId: string }).organizationId;
      const respond = behaviour.get(key);
      return respond
        ? respond(request, calls(key, organizationId).length)
        : { status: 200, body: '{"ok":true}' };
    });
    const step = (key: string, run: string, extra: Record<string, unknown> = {}) => ({
      key,
      name: { en: `The ${key} system`, ko: `${key} 시스템` },
      run,
      url: `${receiver.url}/${key}`,
      timeoutSeconds: 2,
      secret,
      ...extra,
    });
    const file = connectorsFile([
      step('crm-account', 'provisioning'),
      step('phone-numbers', 'provisioning', { regions: ['eu-west-1'] }),
      step('wem-licences', 'setup', { products: ['wem-addon'] }),
      step('billing-sync', 'setup'),
    ]);
    app = await startTestApp({ env: { CONNECTORS_FILE: file } });
    cx = await app.staff(['cx']);
  });
  after(async () => {
    await app.close();
    await receiver.close();
  });

  test('a step done with 2xx: signed, with a stable Idempotency-Key, named in the progress, answer kept for staff', async () => {
    behaviour.set('crm-account', () => ({ status: 201, body: '{"accountId":"CRM-42"}' }));
    const org = await seedActivation(app);
    const progress = answer(
      await app.request({ method: 'GET', url: `/api/v1/activations/${org.token}/progress` }),
      200,
      activationProgress,
    );
    assert.deepEqual(
      progress.steps.map((s) => s.key),
      ['organization-defaults', 'admin-role', 'invitations', 'crm-account', 'activate-organization'],
      'the EU-only connector is not in a US organization’s run',
    );
    assert.deepEqual(progress.steps[3]?.name, { en: 'The crm-account system', ko: 'crm-account 시스템' });
    const [call] = calls('crm-account', org.organizationId);
    assert.ok(call);
    assert.ok(new Webhook(secret).verify(call.body, call.headers as Record<string, string>));
    assert.equal(call.headers['idempotency-key'], `${org.organizationId}:crm-account`);
    assert.equal((call.json.data.organization as { shortName: string }).shortName, org.shortName);
    assert.equal((call.json.data.admin as { email: string }).email, org.adminEmail);

    const detail = answer(
      await app.request({ method: 'GET', url: `/api/v1/organizations/${org.organizationId}`, as: cx }),
      200,
      organizationDetailSchema,
    );
    const step = detail.runs.provisioning?.steps.find((s) => s.key === 'crm-account');
    assert.equal(step?.status, 'done');
    assert.equal(step?.responseStatus, 201);
    assert.deepEqual(step?.response, { accountId: 'CRM-42' });
    assert.deepEqual(step?.name, { en: 'The crm-account system', ko: 'crm-account 시스템' });
    behaviour.delete('crm-account');
  });

  test('202 waits for the signed callback; a bad signature, an unknown token and a second callback are refused', async () => {
    behaviour.set('crm-account', () => ({
      status: 202,
      body: '{"statusUrl":"https://crm.example.com/jobs/7"}',
    }));
    const org = await seedActivation(app, { wait: false });
    await receiver.waitFor('the call', () => calls('crm-account', org.organizationId).length === 1);
    const [call] = calls('crm-account', org.organizationId);
    const callbackUrl = new URL(String(call?.json.data.callbackUrl));
    assert.equal(callbackUrl.origin, 'http://onramp.test');
    await waitFor(async () => {
      const detail = answer(
        await app.request({ method: 'GET', url: `/api/v1/organizations/${org.organizationId}`, as: cx }),
        200,
        organizationDetailSchema,
      );
      const step = detail.runs.provisioning?.steps.find((s) => s.key === 'crm-account');
      return step?.status === 'waiting' && step.statusUrl === 'https://crm.example.com/jobs/7';
    }, 'the step waiting, with its status URL');

    const body = JSON.stringify({ status: 'succeeded', message: 'account created' });
    const signed = (key: string, id = 'callback-1') => {
      const timestamp = new Date();
      return {
        'content-type': 'application/json',
        'webhook-id': id,
        'webhook-timestamp': String(Math.floor(timestamp.getTime() / 1000)),
        'webhook-signature': new Webhook(key).sign(id, timestamp, body),
      };
    };
    const callback = (headers: Record<string, string>, url = callbackUrl.pathname) =>
      app.request({ method: 'POST', url, payload: body, headers });
    const forged = await callback(signed(newWebhookSecret()));
    assert.equal(forged.statusCode, 401, forged.body);
    assert.equal(forged.json().error.code, 'CONNECTOR_CALLBACK_SIGNATURE');
    const unknown = await callback(
      signed(secret),
      '/api/v1/connector-callbacks/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA',
    );
    assert.equal(unknown.statusCode, 404);
    const accepted = await callback(signed(secret));
    assert.equal(accepted.statusCode, 202, accepted.body);
    await waitForProvisioning(app, org.token);
    const again = await callback(signed(secret, 'callback-2'));
    assert.equal(again.statusCode, 409);
    assert.equal(again.json().error.code, 'CONNECTOR_CALLBACK_SETTLED');
    behaviour.delete('crm-account');
  });

  test('no callback within the timeout: the attempt fails and is retried with the same Idempotency-Key', async () => {
    behaviour.set('crm-account', (_request, attempt) =>
      attempt === 1 ? { status: 202, body: '{}' } : { status: 200, body: '{"late":false}' },
    );
    const org = await seedActivation(app);
    const made = calls('crm-account', org.organizationId);
    assert.equal(made.length, 2);
    assert.equal(new Set(made.map((c) => c.headers['idempotency-key'])).size, 1);
    behaviour.delete('crm-account');
  });

  test('5xx is retried; 4xx fails the run with the receiver’s message; staff retry it once fixed', async () => {
    behaviour.set('crm-account', (_request, attempt) =>
      attempt <= 2 ? { status: 503, body: '{"message":"maintenance"}' } : { status: 200 },
    );
    const retried = await seedActivation(app);
    assert.equal(calls('crm-account', retried.organizationId).length, 3);

    behaviour.set('crm-account', () => ({
      status: 422,
      body: '{"message":"Short name already used in the CRM"}',
    }));
    const refused = await seedActivation(app, { wait: false });
    await waitForProvisioning(app, refused.token, 'failed');
    assert.equal(calls('crm-account', refused.organizationId).length, 1, '4xx is not retried');
    const detail = answer(
      await app.request({ method: 'GET', url: `/api/v1/organizations/${refused.organizationId}`, as: cx }),
      200,
      organizationDetailSchema,
    );
    const step = detail.runs.provisioning?.steps.find((s) => s.key === 'crm-account');
    assert.equal(step?.status, 'failed');
    assert.equal(step?.lastError, 'Short name already used in the CRM');
    assert.equal(step?.responseStatus, 422);

    behaviour.delete('crm-account');
    const sales = await app.staff(['sales']);
    const forbidden = await app.request({
      method: 'POST',
      url: `/api/v1/organizations/${refused.organizationId}/runs/provisioning/retry`,
      as: sales,
    });
    assert.equal(forbidden.statusCode, 403);
    const retry = await app.request({
      method: 'POST',
      url: `/api/v1/organizations/${refused.organizationId}/runs/provisioning/retry`,
      as: cx,
    });
    assert.equal(retry.statusCode, 202, retry.body);
    await waitForProvisioning(app, refused.token);
    const twice = await app.request({
      method: 'POST',
      url: `/api/v1/organizations/${refused.organizationId}/runs/provisioning/retry`,
      as: cx,
    });
    assert.equal(twice.statusCode, 409);
    assert.equal(twice.json().error.code, 'RUN_NOT_FAILED');
  });

  test('setup connectors run at the first sign-in, limited to the products they name', async () => {
    const plain = await seedActivation(app, { activation: { companyName: 'Plain Co' } });
    const admin = await signInCustomer(app, { email: plain.adminEmail });
    await waitForSetup(app, admin);
    const setup = answer(
      await app.request({ method: 'GET', url: '/api/v1/organization/setup', as: admin }),
      200,
      setupProgressSchema,
    );
    assert.deepEqual(
      setup.steps.map((s) => s.key),
      ['features', 'billing', 'billing-sync', 'finish'],
    );
    const wem = await seedActivation(app, {
      subscription: {
        products: [
          { sku: 'cx-3', quantity: 5 },
          { sku: 'wem-addon', quantity: 5 },
        ],
      },
      activation: { companyName: 'Wem Co', region: 'eu-west-1' },
    });
    assert.equal(
      calls('phone-numbers', wem.organizationId).length,
      1,
      'the EU connector runs for an EU organization',
    );
    const wemAdmin = await signInCustomer(app, { email: wem.adminEmail });
    await waitForSetup(app, wemAdmin);
    assert.equal(calls('wem-licences', wem.organizationId).length, 1);
    assert.equal(calls('wem-licences', plain.organizationId).length, 0);
  });
});
