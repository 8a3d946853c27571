import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { type Headers, startTestApp, type TestApp } from '../../test/helpers/app.ts';

describe('webhook URLs in production', () => {
  let app: TestApp;
  let admin: Headers;
  before(async () => {
    app = await startTestApp({ env: { NODE_ENV: 'production' } });
    admin = await app.staff(['admin']);
  });
  after(() => app.close());

  const create = (url: string) =>
    app.request({
      method: 'POST',
      url: '/api/v1/webhook-endpoints',
      payload: { url, events: ['subscription.created'] },
      as: admin,
    });

  test('only https, and never a private or loopback address (SSRF)', async () => {
    for (const [url, rule] of [
      ['http://hooks.example.com/x', 'https-required'],
      ['ftp://hooks.example.com/x', 'scheme'],
      ['not a url', 'invalid'],
      ['https://127.0.0.1/x', 'private-address'],
      ['https://[::1]/x', 'private-address'],
      ['https://10.1.2.3/x', 'private-address'],
      ['https://169.254.169.254/latest/meta-data', 'private-address'],
      ['https://[::ffff:192.168.1.1]/x', 'private-address'],
      ['https://localhost/x', 'private-address'],
      ['https://internal.localhost/x', 'private-address'],
    ]) {
      const response = await create(url as string);
      assert.equal(response.statusCode, 400, `${url}: ${response.body}`);
      const field = response.json().error.details.fields[0];
      assert.equal(field.path, 'body.url');
      assert.equal(field.rule, rule, url);
    }
    const ok = await create('https://93.184.215.14/hooks');
    assert.equal(ok.statusCode, 201, ok.body);
  });

  test('WEBHOOK_ALLOW_PRIVATE=1 lets an operator point at their own network', async () => {
    const open = await startTestApp({ env: { NODE_ENV: 'production', WEBHOOK_ALLOW_PRIVATE: '1' } });
    try {
      const staff = await open.staff(['admin']);
      const response = await open.request({
        method: 'POST',
        url: '/api/v1/webhook-endpoints',
        payload: { url: 'https://10.0.0.5/hooks', events: ['subscription.created'] },
        as: staff,
      });
      assert.equal(response.statusCode, 201, response.body);
    } finally {
      await open.close();
    }
  });
});
