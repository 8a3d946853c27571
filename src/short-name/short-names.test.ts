import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startTestApp, type TestApp } from '../../test/helpers/app.ts';
import { activationBody, seedActivation, seedSubscription } from '../../test/helpers/factories.ts';

describe('short-name preview', () => {
  let app: TestApp;
  before(async () => {
    app = await startTestApp();
    await seedActivation(app, {
      activation: { companyName: 'Umbrella Corp', region: 'eu-west-1' },
      wait: false,
    });
    await seedActivation(app, {
      activation: { companyName: 'Umbrella Corp', region: 'eu-west-2' },
      wait: false,
    });
  });
  after(() => app.close());

  const preview = (query: string, remoteAddress?: string) =>
    app.request({
      method: 'GET',
      url: `/api/v1/short-names/preview?${query}`,
      ...(remoteAddress ? { remoteAddress } : {}),
    });

  test('derives from the company name and says whether it is free in the region', async () => {
    const free = (await preview('company=Umbrella%20Corp&region=us-east-1')).json();
    assert.deepEqual(free, {
      shortName: 'umbrellacorp',
      source: 'derived',
      available: true,
      suggestion: 'umbrellacorp',
      existsInOtherRegions: ['eu-west-1', 'eu-west-2'],
    });
    const taken = (await preview('company=Umbrella%20Corp&region=eu-west-1')).json();
    assert.equal(taken.available, false);
    assert.equal(taken.reason, 'taken');
    assert.equal(taken.suggestion, 'umbrellacorp1');
    assert.deepEqual(taken.existsInOtherRegions, ['eu-west-2']);
  });

  test('transliterates like the derivation rule', async () => {
    const korean = (await preview(`company=${encodeURIComponent('삼성전자')}&region=ap-northeast-2`)).json();
    assert.equal(korean.shortName, 'samseongjeonja');
  });

  test('checks a typed name, normalized to lowercase', async () => {
    const typed = (await preview('shortName=%20Umbrella-HQ%20&region=eu-west-1')).json();
    assert.equal(typed.shortName, 'umbrella-hq');
    assert.equal(typed.source, 'typed');
    assert.equal(typed.available, true);
    const taken = (await preview('shortName=umbrellacorp&region=eu-west-1')).json();
    assert.equal(taken.available, false);
    assert.equal(taken.suggestion, 'umbrellacorp1');
  });

  test('reserved names are unavailable, with a suggestion', async () => {
    const reserved = (await preview('shortName=admin&region=us-east-1')).json();
    assert.equal(reserved.available, false);
    assert.equal(reserved.reason, 'reserved');
    assert.equal(reserved.suggestion, 'admin1');
  });

  for (const [typed, rule] of [
    ['my%20org', 'characters'],
    ['caf%C3%A9', 'characters'],
    ['---', 'letterOrDigit'],
    ['x'.repeat(64), 'tooLong'],
    ['', 'required'],
  ] as const) {
    test(`an invalid typed name (${rule}) is a 400 naming the rule`, async () => {
      const response = await preview(`shortName=${typed}&region=us-east-1`);
      assert.equal(response.statusCode, 400, response.body);
      const field = response.json().error.details.fields[0];
      assert.equal(field.path, 'querystring.shortName');
      assert.equal(field.rule, rule);
    });
  }

  test('the region must be in the catalog, and one of company or shortName is needed', async () => {
    assert.equal((await preview('company=x&region=moon-1')).statusCode, 400);
    assert.equal((await preview('company=x')).statusCode, 400);
    assert.equal((await preview('region=us-east-1')).statusCode, 400);
  });

  test('is rate limited per client address', async () => {
    let last = 0;
    for (let i = 0; i < 301; i++) last = (await preview('company=x&region=us-east-1', '10.7.7.7')).statusCode;
    assert.equal(last, 429);
  });
});

describe('short-name allocation under concurrency', () => {
  let app: TestApp;
  before(async () => {
    app = await startTestApp();
  });
  after(() => app.close());

  test('50 concurrent activations of one company name in one region all succeed, with distinct consecutive names', async () => {
    const seeded = [];
    for (let i = 0; i < 50; i++) seeded.push(await seedSubscription(app, { company: 'Stark Industries' }));
    const responses = await Promise.all(
      seeded.map((s) =>
        app.request({
          method: 'POST',
          url: `/api/v1/activations/${s.token}`,
          payload: activationBody({ companyName: 'Stark Industries', region: 'us-east-1' }),
        }),
      ),
    );
    assert.deepEqual(
      responses.map((r) => r.statusCode),
      Array(50).fill(202),
    );
    const names = responses
      .map((r) => r.json().shortName as string)
      .sort((a, b) => a.localeCompare(b, 'en', { numeric: true }));
    assert.deepEqual(names, [
      'starkindustries',
      ...Array.from({ length: 49 }, (_, i) => `starkindustries${i + 1}`),
    ]);
  });
});
