import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startTestApp, type TestApp } from '../../test/helpers/app.ts';
import { adminPassword, seedOrganization, signInCustomer } from '../../test/helpers/factories.ts';

const linkOf = (mail: { text: string } | undefined) =>
  /\/invitations\/([A-Za-z0-9_-]+)/.exec(mail?.text ?? '')?.[1] ?? '';

describe('invitations', () => {
  let app: TestApp;
  let org: Awaited<ReturnType<typeof seedOrganization>>;
  before(async () => {
    app = await startTestApp();
    org = await seedOrganization(app, { activation: { companyName: 'Invite Co', locale: 'ko' } });
  });
  after(() => app.close());

  const invite = (email: string, role = 'user') =>
    app.request({
      method: 'POST',
      url: '/api/v1/organization/invitations',
      payload: { email, role },
      as: org.admin,
    });

  test('an admin invites; the email is in the organization’s language; the invitee reads, accepts and is signed in', async () => {
    const created = await invite('newbie@customer.test');
    assert.equal(created.statusCode, 201, created.body);
    assert.equal(created.json().status, 'pending');
    assert.ok(Date.parse(created.json().expiresAt) > Date.now() + 29 * 24 * 3600_000);
    const [mail] = await app.waitForMail('newbie@customer.test', /Invite Co에 초대했습니다/);
    const token = linkOf(mail);

    const read = await app.request({ method: 'GET', url: `/api/v1/invitations/${token}` });
    assert.equal(read.statusCode, 200, read.body);
    assert.deepEqual(read.json().organization, {
      name: 'Invite Co',
      shortName: 'inviteco',
      region: 'us-east-1',
    });
    assert.equal(read.json().invitedBy.name, 'Ada Admin');
    assert.equal(read.json().email, 'newbie@customer.test');

    const accepted = await app.request({
      method: 'POST',
      url: `/api/v1/invitations/${token}`,
      payload: { firstName: 'New', lastName: 'Bie', password: 'Welcome-Aboard-1' },
    });
    assert.equal(accepted.statusCode, 201, accepted.body);
    assert.equal(accepted.json().user.role, 'user');
    assert.equal(accepted.json().organization.id, org.organizationId);
    const cookies = (accepted.cookies as { name: string; value: string }[])
      .map((c) => `${c.name}=${c.value}`)
      .join('; ');
    assert.equal(
      (await app.request({ method: 'GET', url: '/api/v1/me', headers: { cookie: cookies } })).json().user
        .email,
      'newbie@customer.test',
    );

    const again = await app.request({
      method: 'POST',
      url: `/api/v1/invitations/${token}`,
      payload: { firstName: 'X', lastName: 'Y', password: 'Welcome-Aboard-1' },
    });
    assert.equal(again.statusCode, 409);
    assert.equal(again.json().error.code, 'INVITATION_USED');
    assert.equal(
      (await signInCustomer(app, { email: 'newbie@customer.test', password: 'Welcome-Aboard-1' })) !==
        undefined,
      true,
    );

    const people = (await app.request({ method: 'GET', url: '/api/v1/organization', as: org.admin })).json()
      .people;
    assert.ok(
      people.members.some(
        (m: { email: string; role: string }) => m.email === 'newbie@customer.test' && m.role === 'user',
      ),
    );
    assert.equal(
      people.invitations.find((i: { email: string }) => i.email === 'newbie@customer.test').status,
      'accepted',
    );
  });

  test('a pending invitation or an existing member cannot be invited again', async () => {
    assert.equal((await invite('twice@customer.test')).statusCode, 201);
    const duplicate = await invite('TWICE@customer.test');
    assert.equal(duplicate.statusCode, 409);
    assert.equal(duplicate.json().error.code, 'INVITATION_EXISTS');
    const member = await invite(org.adminEmail);
    assert.equal(member.statusCode, 409);
    assert.equal(member.json().error.code, 'ALREADY_MEMBER');
    const invalid = await invite('not-an-email');
    assert.equal(invalid.statusCode, 400);
    const badRole = await invite('x@customer.test', 'owner');
    assert.equal(badRole.statusCode, 400);
  });

  test('re-sending gives a new link; the old one then says it was replaced', async () => {
    const created = (await invite('resend-me@customer.test')).json();
    const [first] = await app.waitForMail('resend-me@customer.test', /초대했습니다/);
    const resent = await app.request({
      method: 'POST',
      url: `/api/v1/organization/invitations/${created.id}/resend`,
      as: org.admin,
    });
    assert.equal(resent.statusCode, 202, resent.body);
    const mails = await app.waitForMail('resend-me@customer.test', /초대했습니다/, 2);
    assert.notEqual(linkOf(mails[0]), linkOf(first));
    const old = await app.request({
      method: 'GET',
      url: `/api/v1/invitations/${linkOf(first)}`,
      headers: { 'accept-language': 'ko' },
    });
    assert.equal(old.statusCode, 410);
    assert.equal(old.json().error.code, 'INVITATION_REPLACED', 'the old link says a newer one replaced it');
    assert.match(old.json().error.message, /가장 최근 초대 이메일/);
    assert.equal(
      (await app.request({ method: 'GET', url: `/api/v1/invitations/${linkOf(mails[0])}` })).statusCode,
      200,
    );
  });

  test('a revoked invitation says so, and cannot be re-sent or accepted', async () => {
    const created = (await invite('revoke-me@customer.test')).json();
    const [mail] = await app.waitForMail('revoke-me@customer.test', /초대했습니다/);
    assert.equal(
      (
        await app.request({
          method: 'DELETE',
          url: `/api/v1/organization/invitations/${created.id}`,
          as: org.admin,
        })
      ).statusCode,
      204,
    );
    assert.equal(
      (
        await app.request({
          method: 'DELETE',
          url: `/api/v1/organization/invitations/${created.id}`,
          as: org.admin,
        })
      ).statusCode,
      204,
      'twice is harmless',
    );
    const read = await app.request({ method: 'GET', url: `/api/v1/invitations/${linkOf(mail)}` });
    assert.equal(read.statusCode, 410);
    assert.equal(read.json().error.code, 'INVITATION_REVOKED');
    const accept = await app.request({
      method: 'POST',
      url: `/api/v1/invitations/${linkOf(mail)}`,
      payload: { firstName: 'R', lastName: 'V', password: adminPassword },
    });
    assert.equal(accept.json().error.code, 'INVITATION_REVOKED');
    const resend = await app.request({
      method: 'POST',
      url: `/api/v1/organization/invitations/${created.id}/resend`,
      as: org.admin,
    });
    assert.equal(resend.json().error.code, 'INVITATION_REVOKED');
    // Revoking frees the address for a new invitation.
    assert.equal((await invite('revoke-me@customer.test')).statusCode, 201);
  });

  test('an invitation expires after 30 days, and shows as expired to the admin', async () => {
    const created = (await invite('late@customer.test')).json();
    const [mail] = await app.waitForMail('late@customer.test', /초대했습니다/);
    app.clock.offsetMs = 30 * 24 * 3600_000 + 1000;
    try {
      const read = await app.request({ method: 'GET', url: `/api/v1/invitations/${linkOf(mail)}` });
      assert.equal(read.statusCode, 410);
      assert.equal(read.json().error.code, 'INVITATION_EXPIRED');
      const accept = await app.request({
        method: 'POST',
        url: `/api/v1/invitations/${linkOf(mail)}`,
        payload: { firstName: 'L', lastName: 'T', password: adminPassword },
      });
      assert.equal(accept.json().error.code, 'INVITATION_EXPIRED');
      const admin = await signInCustomer(app, { email: org.adminEmail });
      const listed = (
        await app.request({ method: 'GET', url: '/api/v1/organization/invitations', as: admin })
      ).json().items;
      assert.equal(listed.find((i: { id: string }) => i.id === created.id).status, 'expired');
      // Re-sending an expired invitation gives it 30 more days.
      const resent = await app.request({
        method: 'POST',
        url: `/api/v1/organization/invitations/${created.id}/resend`,
        as: admin,
      });
      assert.equal(resent.json().status, 'pending');
    } finally {
      app.clock.offsetMs = 0;
    }
  });

  test('accepting validates the name and password, and two tabs accepting at once make one account', async () => {
    await invite('racer@customer.test');
    const token = linkOf((await app.waitForMail('racer@customer.test', /초대했습니다/))[0]);
    const weak = await app.request({
      method: 'POST',
      url: `/api/v1/invitations/${token}`,
      payload: { firstName: 'R', lastName: 'C', password: 'weak' },
    });
    assert.equal(weak.statusCode, 400);
    assert.equal(weak.json().error.details.fields[0].path, 'body.password');
    const noName = await app.request({
      method: 'POST',
      url: `/api/v1/invitations/${token}`,
      payload: { firstName: '', lastName: 'C', password: adminPassword },
    });
    assert.equal(noName.statusCode, 400);
    const both = await Promise.all(
      [1, 2].map(() =>
        app.request({
          method: 'POST',
          url: `/api/v1/invitations/${token}`,
          payload: { firstName: 'R', lastName: 'C', password: adminPassword },
        }),
      ),
    );
    assert.deepEqual(both.map((r) => r.statusCode).sort(), [201, 409]);
  });

  test('unknown links are INVITATION_INVALID', async () => {
    for (const token of ['x'.repeat(43), 'bad']) {
      const response = await app.request({ method: 'GET', url: `/api/v1/invitations/${token}` });
      assert.equal(response.statusCode, 404);
      assert.equal(response.json().error.code, 'INVITATION_INVALID');
    }
  });
});
