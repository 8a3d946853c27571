import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { loadConfig } from '../../src/config.ts';
import { type Headers, startTestApp, type TestApp } from '../helpers/app.ts';
import { activationBody, seedActivation, seedSubscription, subscriptionBody } from '../helpers/factories.ts';

/** The security review's findings about typed text, used links, currencies and the demo. */
describe('security: free text, used links, currencies, no demo in production', () => {
  let app: TestApp;
  let admin: Headers;
  before(async () => {
    app = await startTestApp();
    admin = await app.staff(['admin']);
  });
  after(() => app.close());

  test('NUL, line breaks and direction overrides in staff free text are a 400 naming the field, never a 500', async () => {
    for (const q of ['%00', 'a%00b', encodeURIComponent('\u202Eevil')]) {
      for (const url of [`/api/v1/subscriptions?q=${q}`, `/api/v1/organizations?q=${q}`]) {
        const response = await app.request({ method: 'GET', url, as: admin });
        assert.equal(response.statusCode, 400, `${url}: ${response.body}`);
        assert.equal(response.json().error.details.fields[0].path, 'querystring.q');
      }
    }
    const pending = await seedSubscription(app);
    for (const reason of ['bad\u0000reason', 'line\nbreak', 'carriage\rreturn', '\u202Ereversed']) {
      const response = await app.request({
        method: 'POST',
        url: `/api/v1/subscriptions/${pending.id}/cancellation`,
        payload: { reason },
        as: admin,
      });
      assert.equal(response.statusCode, 400, JSON.stringify(reason));
      assert.equal(response.json().error.details.fields[0].path, 'body.reason');
    }
    const org = await seedActivation(app);
    for (const notes of ['ok\u0000', 'two\nlines', '\u2066isolate\u2069']) {
      const response = await app.request({
        method: 'POST',
        url: `/api/v1/organizations/${org.organizationId}/verification`,
        payload: { notes, override: true },
        as: admin,
      });
      assert.equal(response.statusCode, 400, JSON.stringify(notes));
      assert.equal(response.json().error.details.fields[0].path, 'body.notes');
    }
  });

  test('names must be visible and read as written: invisible-only text and bidi overrides are refused', async () => {
    for (const company of ['\u200B\u200B', '\u3164', ' \u2800 ', 'Acme\u202E moc.', 'A\u200Fcme']) {
      const response = await app.request({
        method: 'POST',
        url: '/api/v1/subscriptions',
        payload: subscriptionBody({ company }),
        as: admin,
      });
      assert.equal(response.statusCode, 400, JSON.stringify(company));
      assert.equal(response.json().error.details.fields[0].path, 'body.company');
    }
    const seeded = await seedSubscription(app);
    const response = await app.request({
      method: 'POST',
      url: `/api/v1/activations/${seeded.token}`,
      payload: activationBody({
        admin: { ...activationBody().admin, firstName: '\u200B', lastName: 'Kim\u202E' },
      }),
    });
    assert.equal(response.statusCode, 400);
    const paths = response.json().error.details.fields.map((f: { path: string }) => f.path);
    assert.ok(paths.includes('body.admin.firstName') && paths.includes('body.admin.lastName'), paths.join());
    // Real names in every script still pass, emoji with joiners included.
    const ok = await app.request({
      method: 'POST',
      url: '/api/v1/subscriptions',
      payload: subscriptionBody({ company: '한빛소프트 👩‍💻 Müller & Søn' }),
      as: admin,
    });
    assert.equal(ok.statusCode, 201, ok.body);
  });

  test('a used activation link never tells whether a password is right', async () => {
    const seeded = await seedSubscription(app);
    const body = activationBody();
    assert.equal(
      (await app.request({ method: 'POST', url: `/api/v1/activations/${seeded.token}`, payload: body }))
        .statusCode,
      202,
    );
    const answers = [];
    for (const password of [body.admin.password, 'Wrong-Password-9', 'Another-Guess-8']) {
      const response = await app.request({
        method: 'POST',
        url: `/api/v1/activations/${seeded.token}`,
        payload: { ...body, admin: { ...body.admin, password } },
      });
      answers.push({ status: response.statusCode, body: response.json() });
    }
    assert.deepEqual(answers[1], answers[0]);
    assert.deepEqual(answers[2], answers[0]);
  });

  test('currency must be a real ISO 4217 code', async () => {
    for (const currency of ['XXX', 'ZZZ', 'XTS', 'ABC']) {
      const response = await app.request({
        method: 'POST',
        url: '/api/v1/subscriptions',
        payload: subscriptionBody({ kind: 'paid', trialDays: undefined, currency, ratePlan: 'annual' }),
        as: admin,
      });
      assert.equal(response.statusCode, 400, currency);
      assert.equal(response.json().error.details.fields[0].path, 'body.currency');
    }
    for (const currency of ['usd', 'KRW', 'EUR', 'JPY']) {
      const response = await app.request({
        method: 'POST',
        url: '/api/v1/subscriptions',
        payload: subscriptionBody({ kind: 'paid', trialDays: undefined, currency, ratePlan: 'annual' }),
        as: admin,
      });
      assert.equal(response.statusCode, 201, `${currency}: ${response.body}`);
    }
  });

  test('no demo in production: the embedded default with NODE_ENV=production creates none, and ONRAMP_DEMO=1 is refused', () => {
    assert.equal(loadConfig({ NODE_ENV: 'production' }).demo, false);
    assert.equal(loadConfig({ NODE_ENV: 'development' }).demo, true);
    assert.throws(
      () => loadConfig({ NODE_ENV: 'production', ONRAMP_DEMO: '1' }),
      /ONRAMP_DEMO=1 .* not allowed/,
    );
  });
});
