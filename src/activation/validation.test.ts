import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql } from 'drizzle-orm';
import { startTestApp, type TestApp } from '../../test/helpers/app.ts';
import { activationBody, adminPassword, seedSubscription } from '../../test/helpers/factories.ts';
import { rows } from '../../test/helpers/sql.ts';

describe('activation: every validation rule', () => {
  let app: TestApp;
  before(async () => {
    app = await startTestApp();
  });
  after(() => app.close());

  const activate = (token: string, body: Record<string, unknown>) =>
    app.request({ method: 'POST', url: `/api/v1/activations/${token}`, payload: body });

  const invalid: [string, Record<string, unknown>, string][] = [
    ['unknown region', { region: 'mars-1' }, 'body.region'],
    ['empty company name', { companyName: ' ' }, 'body.companyName'],
    ['company name over 200 characters', { companyName: 'x'.repeat(201) }, 'body.companyName'],
    ['short name with spaces', { shortName: 'my org' }, 'body.shortName'],
    ['short name with accents', { shortName: 'müller' }, 'body.shortName'],
    ['short name without a letter or digit', { shortName: '---' }, 'body.shortName'],
    ['short name over 63 characters', { shortName: 'x'.repeat(64) }, 'body.shortName'],
    [
      'missing first name',
      { admin: { firstName: '', lastName: 'A', email: 'a@customer.test', password: adminPassword } },
      'body.admin.firstName',
    ],
    [
      'missing last name',
      { admin: { firstName: 'A', lastName: '', email: 'a@customer.test', password: adminPassword } },
      'body.admin.lastName',
    ],
    [
      'invalid admin email',
      { admin: { firstName: 'A', lastName: 'B', email: 'nope', password: adminPassword } },
      'body.admin.email',
    ],
    [
      'short password',
      { admin: { firstName: 'A', lastName: 'B', email: 'a@customer.test', password: 'Aa1!' } },
      'body.admin.password',
    ],
    [
      'password without uppercase',
      { admin: { firstName: 'A', lastName: 'B', email: 'a@customer.test', password: 'lower-case-1' } },
      'body.admin.password',
    ],
    [
      'password without a digit',
      { admin: { firstName: 'A', lastName: 'B', email: 'a@customer.test', password: 'No-Digits-Here' } },
      'body.admin.password',
    ],
    [
      'password without a special character',
      { admin: { firstName: 'A', lastName: 'B', email: 'a@customer.test', password: 'NoSpecial123' } },
      'body.admin.password',
    ],
    [
      'password over 400 characters',
      {
        admin: {
          firstName: 'A',
          lastName: 'B',
          email: 'a@customer.test',
          password: `Aa1!${'x'.repeat(400)}`,
        },
      },
      'body.admin.password',
    ],
    [
      'invitation with a bad email',
      { invitations: [{ email: 'bad', role: 'user' }] },
      'body.invitations.0.email',
    ],
    [
      'invitation with an unknown role',
      { invitations: [{ email: 'x@customer.test', role: 'owner' }] },
      'body.invitations.0.role',
    ],
    [
      'the same person invited twice',
      {
        invitations: [
          { email: 'x@customer.test', role: 'user' },
          { email: 'X@customer.test', role: 'admin' },
        ],
      },
      'body.invitations.1.email',
    ],
    [
      'too many invitations',
      { invitations: Array.from({ length: 51 }, (_, i) => ({ email: `p${i}@customer.test`, role: 'user' })) },
      'body.invitations',
    ],
    ['unknown locale', { locale: 'de' }, 'body.locale'],
  ];

  for (const [name, overrides, path] of invalid) {
    test(`rejects ${name} (${path}) and changes nothing`, async () => {
      const seeded = await seedSubscription(app);
      const response = await activate(seeded.token, activationBody(overrides));
      assert.equal(response.statusCode, 400, response.body);
      const { error } = response.json();
      assert.equal(error.code, 'VALIDATION_FAILED');
      const paths = error.details.fields.map((f: { path: string }) => f.path);
      assert.ok(paths.includes(path), `expected ${path} in ${paths.join(', ')}`);
      const [state] = await rows<{ used: boolean; organizations: number }>(
        app,
        sql`select (select used_at is not null from activation_tokens where subscription_id = ${seeded.id}) as used,
                   (select count(*)::int from organizations where subscription_id = ${seeded.id}) as organizations`,
      );
      assert.deepEqual(state, { used: false, organizations: 0 });
    });
  }

  test("inviting the administrator's own address is refused", async () => {
    const seeded = await seedSubscription(app);
    const body = activationBody();
    const response = await activate(seeded.token, {
      ...body,
      invitations: [{ email: body.admin.email, role: 'user' }],
    });
    assert.equal(response.statusCode, 400);
    assert.equal(response.json().error.details.fields[0].path, 'body.invitations.0.email');
  });

  test('password rule failures name every broken rule', async () => {
    const seeded = await seedSubscription(app);
    const response = await activate(
      seeded.token,
      activationBody({
        admin: { firstName: 'A', lastName: 'B', email: 'a@customer.test', password: 'short' },
      }),
    );
    const field = response.json().error.details.fields[0];
    assert.deepEqual(field.rules, ['minLength', 'uppercase', 'digit', 'special']);
  });
});
