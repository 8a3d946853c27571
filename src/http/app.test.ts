import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startTestApp, type TestApp } from '../../test/helpers/app.ts';
import { subscriptionBody } from '../../test/helpers/factories.ts';
import { defaultWebDir } from './app.ts';

describe('the HTTP surface', () => {
  let app: TestApp;
  const logLines: string[] = [];
  before(async () => {
    app = await startTestApp({ logLines, webDir: defaultWebDir });
  });
  after(() => app.close());

  test('health, readiness and Prometheus metrics', async () => {
    assert.deepEqual((await app.request({ method: 'GET', url: '/healthz' })).json(), { status: 'ok' });
    const ready = await app.request({ method: 'GET', url: '/readyz' });
    assert.equal(ready.statusCode, 200);
    assert.equal(ready.json().database, 'ok');
    const metrics = await app.request({ method: 'GET', url: '/metrics' });
    assert.equal(metrics.statusCode, 200);
    assert.match(metrics.headers['content-type'] as string, /text\/plain/);
    assert.match(metrics.body, /onramp_http_request_duration_seconds_bucket\{.*route="\/readyz"/);
    assert.match(metrics.body, /onramp_process_cpu_user_seconds_total/);
  });

  test('OpenAPI describes the contract and /docs browses it', async () => {
    const spec = (await app.request({ method: 'GET', url: '/openapi.json' })).json();
    assert.equal(spec.openapi, '3.1.0');
    for (const path of [
      '/api/v1/catalog/regions',
      '/api/v1/catalog/products',
      '/api/v1/staff/sessions',
      '/api/v1/subscriptions',
      '/api/v1/subscriptions/{id}',
      '/api/v1/subscriptions/{id}/activation-email',
      '/api/v1/activation-email-requests',
      '/api/v1/activations/{token}',
      '/api/v1/dev/mailbox',
    ]) {
      assert.ok(spec.paths[path], `${path} is documented`);
    }
    const create = spec.paths['/api/v1/subscriptions'].post;
    assert.ok(create.requestBody.content['application/json'].schema);
    assert.ok(create.responses['201']);
    const docs = await app.request({ method: 'GET', url: '/docs' });
    assert.equal(docs.statusCode, 200);
    assert.match(docs.body, /swagger/i);
  });

  test('activation and invitation tokens in URLs never reach the logs', async () => {
    const token = 'K0Emw9xBA39Rfz2FWE_r-zLMuC3w1gLnhdwgPilp6AE';
    await app.request({ method: 'GET', url: `/api/v1/activations/${token}` });
    await app.request({ method: 'GET', url: `/invitations/${token}` });
    assert.equal(
      logLines.some((line) => line.includes(token)),
      false,
    );
    assert.ok(logLines.some((line) => line.includes('/api/v1/activations/[redacted]')));
  });

  test('errors have the SPEC shape and a reference that is the request id in the logs', async () => {
    const response = await app.request({ method: 'GET', url: '/api/v1/nothing-here' });
    assert.equal(response.statusCode, 404);
    const { error } = response.json();
    assert.equal(error.code, 'NOT_FOUND');
    assert.ok(error.message);
    assert.match(error.reference, /^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}$/);
    assert.equal(response.headers['x-request-id'], error.reference);
    assert.ok(
      logLines.some((line) => JSON.parse(line).reference === error.reference),
      'the reference appears in the logs',
    );
  });

  test('errors raised by the router itself have the same shape', async () => {
    const long = await app.request({ method: 'GET', url: `/api/v1/subscriptions/${'x'.repeat(300)}` });
    assert.equal(long.statusCode, 404);
    assert.equal(long.json().error.code, 'NOT_FOUND');
    assert.ok(long.json().error.reference);
    const malformed = await app.request({ method: 'GET', url: '/api/v1/subscriptions/%E0%A4%A' });
    assert.equal(malformed.statusCode, 400);
    assert.equal(malformed.json().error.code, 'VALIDATION_FAILED');
  });

  test('a body over 1 MiB is refused with 413', async () => {
    const sales = await app.staff(['sales']);
    const response = await app.request({
      method: 'POST',
      url: '/api/v1/subscriptions',
      payload: JSON.stringify({ ...subscriptionBody(), padding: 'x'.repeat(1024 * 1024) }),
      headers: { 'content-type': 'application/json' },
      as: sales,
    });
    assert.equal(response.statusCode, 413);
    assert.equal(response.json().error.code, 'PAYLOAD_TOO_LARGE');
  });

  test('malformed JSON, empty bodies and other media types are client errors', async () => {
    const sales = await app.staff(['sales']);
    const post = (payload: string, contentType: string) =>
      app.request({
        method: 'POST',
        url: '/api/v1/subscriptions',
        payload,
        headers: { 'content-type': contentType },
        as: sales,
      });
    const broken = await post('{"company": ', 'application/json');
    assert.equal(broken.statusCode, 400);
    assert.equal(broken.json().error.code, 'INVALID_JSON');
    const empty = await post('', 'application/json');
    assert.equal(empty.statusCode, 400);
    const text = await post('company=x', 'text/plain');
    assert.equal(text.statusCode, 415);
    assert.equal(text.json().error.code, 'UNSUPPORTED_MEDIA_TYPE');
    const proto = await post('{"__proto__": {"admin": true}, "company": "x"}', 'application/json');
    assert.equal(proto.statusCode, 400);
  });

  test('error messages follow Accept-Language', async () => {
    const response = await app.request({
      method: 'GET',
      url: '/api/v1/subscriptions',
      headers: { 'accept-language': 'ko' },
    });
    assert.equal(response.json().error.message, '계속하려면 로그인하세요.');
  });

  test('security headers are set', async () => {
    const response = await app.request({ method: 'GET', url: '/healthz' });
    assert.match(response.headers['content-security-policy'] as string, /default-src 'self'/);
    assert.equal(response.headers['x-content-type-options'], 'nosniff');
    assert.equal(response.headers['x-frame-options'], 'SAMEORIGIN');
    assert.equal(response.headers['referrer-policy'], 'no-referrer');
    // Computed once at start-up, the same on every reply (and on errors).
    const missing = await app.request({ method: 'GET', url: '/api/v1/nothing-here' });
    assert.equal(missing.headers['content-security-policy'], response.headers['content-security-policy']);
  });

  test('the web app is served for page paths, real 404s for missing assets and API paths', async () => {
    const page = await app.request({ method: 'GET', url: '/console/subscriptions/new' });
    assert.equal(page.statusCode, 200);
    assert.match(page.headers['content-type'] as string, /text\/html/);
    assert.match(page.body, /<div id="root">/);
    const asset = await app.request({ method: 'GET', url: '/assets/missing.js' });
    assert.equal(asset.statusCode, 404);
    const api = await app.request({ method: 'GET', url: '/api/v1/nope' });
    assert.equal(api.json().error.code, 'NOT_FOUND');
  });

  test('catalogs list every region with its login address and every product with its features', async () => {
    const regions = (await app.request({ method: 'GET', url: '/api/v1/catalog/regions' })).json().items;
    assert.equal(regions.length, 11);
    assert.ok(regions.some((r: { code: string }) => r.code === 'ap-northeast-2'));
    assert.ok(regions.every((r: { loginUrl: string }) => r.loginUrl.startsWith('http')));
    const products = (await app.request({ method: 'GET', url: '/api/v1/catalog/products' })).json().items;
    assert.deepEqual(
      products.map((p: { name: string }) => p.name),
      ['CX 1', 'CX 2', 'CX 2 Digital', 'CX 3', 'CX 3 Digital', 'CX 4', 'WEM add-on'],
    );
    assert.ok(products.every((p: { features: unknown[] }) => p.features.length > 0));
  });
});

describe('when the database fails', () => {
  test('clients get a 500 with a reference and no internals; readiness says unavailable', async () => {
    const logLines: string[] = [];
    const app = await startTestApp({ logLines, workers: false });
    const sales = await app.staff(['sales']);
    await app.ctx.database.close();
    try {
      const response = await app.request({ method: 'GET', url: '/api/v1/subscriptions', as: sales });
      assert.equal(response.statusCode, 500);
      const { error } = response.json();
      assert.equal(error.code, 'INTERNAL_ERROR');
      assert.equal(/select|from|stack|at \w+ \(/i.test(JSON.stringify(response.json())), false);
      assert.ok(logLines.some((line) => line.includes(error.reference) && line.includes('"level":50')));
      const ready = await app.request({ method: 'GET', url: '/readyz' });
      assert.equal(ready.statusCode, 503);
    } finally {
      // Its database is dropped too, though closing the runtime on a closed pool may fail.
      await app.close().catch(() => {});
    }
  });
});

describe('in production', () => {
  test('the dev mailbox does not exist', async () => {
    const app = await startTestApp({
      env: { NODE_ENV: 'production', SMTP_URL: 'smtp://127.0.0.1:1' },
      workers: false,
    });
    try {
      const response = await app.request({ method: 'GET', url: '/api/v1/dev/mailbox' });
      assert.equal(response.statusCode, 404);
      const deployment = await app.request({ method: 'GET', url: '/api/v1/deployment' });
      assert.deepEqual(deployment.json(), { mailbox: false }, 'the web app hides its mailbox page too');
    } finally {
      await app.close();
    }
  });
});
