import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { type Headers, startTestApp, type TestApp } from '../../test/helpers/app.ts';
import { subscriptionBody } from '../../test/helpers/factories.ts';

describe('subscriptions', () => {
  let app: TestApp;
  let sales: Headers;
  before(async () => {
    app = await startTestApp();
    sales = await app.staff(['sales']);
  });
  after(() => app.close());

  test('a sales rep creates a trial subscription and the activation email is delivered', async () => {
    const body = subscriptionBody({
      company: 'Globex Korea',
      locale: 'en',
      products: [{ sku: 'cx-3', quantity: 5 }],
    });
    const response = await app.request({
      method: 'POST',
      url: '/api/v1/subscriptions',
      payload: body,
      as: sales,
    });
    assert.equal(response.statusCode, 201, response.body);
    const created = response.json();
    assert.equal(created.status, 'pending');
    assert.equal(created.company, 'Globex Korea');
    assert.deepEqual(created.products, [{ sku: 'cx-3', name: 'CX 3', quantity: 5 }]);
    assert.equal(response.headers.location, `/api/v1/subscriptions/${created.id}`);

    const [mail] = await app.waitForMail(body.contact.email, 'Activate your Onramp features');
    assert.ok(mail);
    assert.match(mail.text, /Globex Korea/);
    assert.match(mail.text, /CX 3 × 5/);
    assert.match(mail.text, /Trial: 30 days/);
    assert.match(mail.text, /expires on/);
    assert.match(mail.text, /http:\/\/onramp\.test\/activate\/[A-Za-z0-9_-]{43}/);
    assert.match(mail.text, /request a new activation email at http:\/\/onramp\.test\/activate/);
    assert.match(mail.html, /<a href="http:\/\/onramp\.test\/activate\//);
  });
});
