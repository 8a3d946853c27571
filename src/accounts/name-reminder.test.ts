import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startTestApp, type TestApp } from '../../test/helpers/app.ts';
import { adminPassword, seedActivation } from '../../test/helpers/factories.ts';

describe('"Forgot organization name?"', () => {
  let app: TestApp;
  before(async () => {
    app = await startTestApp();
  });
  after(() => app.close());

  const remind = (email: string, remoteAddress = '10.77.0.1') =>
    app.request({
      method: 'POST',
      url: '/api/v1/organization-name-reminders',
      payload: { email },
      remoteAddress,
    });

  test('emails the short names and regions of the address, and answers the same for a stranger', async () => {
    const email = 'forgetful@customer.test';
    await seedActivation(app, {
      activation: {
        companyName: 'Alpha',
        region: 'eu-west-1',
        admin: { firstName: 'F', lastName: 'G', email, password: adminPassword },
      },
    });
    await seedActivation(app, {
      activation: {
        companyName: 'Beta',
        region: 'ap-south-1',
        locale: 'en',
        admin: { firstName: 'F', lastName: 'G', email, password: adminPassword },
      },
    });
    const known = await remind(email.toUpperCase());
    const unknown = await remind('stranger@customer.test', '10.77.0.2');
    assert.equal(known.statusCode, 202);
    assert.deepEqual(known.json(), unknown.json());
    const [mail] = await app.waitForMail(email, 'Your Onramp organizations');
    assert.match(
      mail?.text ?? '',
      /Alpha: short name alpha, region EMEA \(Dublin\), sign in at http:\/\/onramp\.test\/login/,
    );
    assert.match(mail?.text ?? '', /Beta: short name beta, region Asia Pacific \(Mumbai\)/);
    await new Promise((resolve) => setTimeout(resolve, 1000));
    assert.deepEqual(await app.mailbox('stranger@customer.test'), []);
  });

  test('is rate limited per address and per email', async () => {
    const statuses = [];
    for (let i = 0; i < 7; i++) statuses.push((await remind(`r${i}@customer.test`, '10.78.0.1')).statusCode);
    assert.deepEqual(statuses.slice(4), [202, 429, 429]);
    const email = 'often@customer.test';
    await seedActivation(app, {
      activation: { admin: { firstName: 'O', lastName: 'F', email, password: adminPassword } },
    });
    for (let i = 0; i < 5; i++) await remind(email, `10.79.0.${i}`);
    await new Promise((resolve) => setTimeout(resolve, 1500));
    assert.equal((await app.mailbox(email)).length, 3);
  });
});
