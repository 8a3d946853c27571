import { type FormEvent, useState } from 'react';
import { ApiError, customerApi } from '../../api.ts';
import type { Invitation, Overview } from '../../api-types.ts';
import { ErrorPanel } from '../../components/error-panel.tsx';
import { SelectField, TextField } from '../../components/field.tsx';
import { TableScroll } from '../../components/table-scroll.tsx';
import { formatDate, personName, useI18n } from '../../i18n.tsx';

/** Members and invitations; admins invite, re-send (new link) and revoke. */
export function PeopleSection({
  people,
  canInvite,
  onChange,
  timeZone,
}: {
  /** The organization's region's zone. */
  timeZone: string;
  people: Overview['people'];
  canInvite: boolean;
  onChange(): void;
}) {
  const { t, locale } = useI18n();
  const [email, setEmail] = useState('');
  const [role, setRole] = useState<'user' | 'admin'>('user');
  const [notice, setNotice] = useState<string>();
  const [error, setError] = useState<unknown>();

  const act = async (work: () => Promise<unknown>, message: string) => {
    setError(undefined);
    setNotice(undefined);
    try {
      await work();
      setNotice(message);
      onChange();
    } catch (caught) {
      setError(caught);
    }
  };
  // The invite form's own answer, shown at the form: a calm word beside the email when the
  // person is already invited or a member, the error box only for the unexpected.
  const [inviteError, setInviteError] = useState<unknown>();
  const [invited, setInvited] = useState<string>();
  const invite = (event: FormEvent) => {
    event.preventDefault();
    setInviteError(undefined);
    setInvited(undefined);
    void customerApi('POST', '/api/v1/organization/invitations', { email, role })
      .then(() => {
        setInvited(t('home.invited', { email }));
        setEmail('');
        onChange();
      })
      .catch(setInviteError);
  };
  const inviteProblem =
    inviteError instanceof ApiError
      ? inviteError.code === 'INVITATION_EXISTS' || inviteError.code === 'ALREADY_MEMBER'
        ? inviteError.message
        : inviteError.fieldErrors().email
      : undefined;
  const date = (value: string | null) => (value ? formatDate(locale, value, timeZone) : '');

  return (
    <section aria-labelledby="people-title">
      <h2 id="people-title">{t('home.peopleTitle')}</h2>
      <div role="status" aria-live="polite">
        {notice ? <p className="notice">{notice}</p> : null}
      </div>
      {error ? <ErrorPanel error={error} /> : null}
      <h3>{t('home.members')}</h3>
      <TableScroll label={t('home.members')}>
        <table>
          <thead>
            <tr>
              <th scope="col">{t('home.col.name')}</th>
              <th scope="col">{t('home.col.email')}</th>
              <th scope="col">{t('home.col.role')}</th>
            </tr>
          </thead>
          <tbody>
            {people.members.map((m) => (
              <tr key={m.id}>
                <td>{personName(locale, m)}</td>
                <td>{m.email}</td>
                <td>{t(`home.role.${m.role}`)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableScroll>
      <h3>{t('home.invitations')}</h3>
      {people.invitations.length === 0 ? (
        <p className="empty">{t('home.noInvitations')}</p>
      ) : (
        <TableScroll label={t('home.invitations')}>
          <table>
            <thead>
              <tr>
                <th scope="col">{t('home.col.email')}</th>
                <th scope="col">{t('home.col.role')}</th>
                <th scope="col">{t('home.col.status')}</th>
                <th scope="col">{t('home.col.sent')}</th>
                <th scope="col">{t('home.col.expires')}</th>
                {canInvite ? <th scope="col">{t('home.col.actions')}</th> : null}
              </tr>
            </thead>
            <tbody>
              {people.invitations.map((i: Invitation) => (
                <tr key={i.id}>
                  <td>{i.email}</td>
                  <td>{t(`home.role.${i.role}`)}</td>
                  <td>
                    <span className={`badge badge-invitation-${i.status}`}>
                      {t(`home.invitationStatus.${i.status}`)}
                    </span>
                  </td>
                  <td>{date(i.sentAt)}</td>
                  <td>{i.status === 'pending' || i.status === 'expired' ? date(i.expiresAt) : ''}</td>
                  {canInvite ? (
                    <td className="row-actions">
                      {i.status === 'pending' || i.status === 'expired' ? (
                        <button
                          type="button"
                          className="secondary small"
                          aria-label={`${t('home.resend')} ${i.email}`}
                          onClick={() =>
                            act(
                              () => customerApi('POST', `/api/v1/organization/invitations/${i.id}/resend`),
                              t('home.resent', { email: i.email }),
                            )
                          }
                        >
                          {t('home.resend')}
                        </button>
                      ) : null}
                      {i.status === 'pending' || i.status === 'expired' ? (
                        <button
                          type="button"
                          className="secondary small"
                          aria-label={`${t('home.revoke')} ${i.email}`}
                          onClick={() =>
                            act(
                              () => customerApi('DELETE', `/api/v1/organization/invitations/${i.id}`),
                              t('home.revoked', { email: i.email }),
                            )
                          }
                        >
                          {t('home.revoke')}
                        </button>
                      ) : null}
                    </td>
                  ) : null}
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      )}
      {canInvite ? (
        <form className="invite-form" onSubmit={invite} noValidate aria-labelledby="invite-title">
          <h3 id="invite-title">{t('home.inviteTitle')}</h3>
          <div className="invite-fields">
            <TextField
              label={t('home.inviteEmail')}
              type="email"
              name="inviteEmail"
              autoComplete="off"
              required
              value={email}
              onChange={(e) => {
                setEmail(e.target.value);
                setInviteError(undefined);
              }}
              error={inviteProblem}
            />
            <SelectField
              label={t('home.inviteRole')}
              name="inviteRole"
              value={role}
              onChange={(e) => setRole(e.target.value as 'user' | 'admin')}
            >
              <option value="user">{t('home.role.user')}</option>
              <option value="admin">{t('home.role.admin')}</option>
            </SelectField>
            <button type="submit">{t('home.inviteSubmit')}</button>
          </div>
          {inviteError && !inviteProblem ? <ErrorPanel error={inviteError} /> : null}
          <div role="status" aria-live="polite">
            {invited ? <p className="notice">{invited}</p> : null}
          </div>
        </form>
      ) : null}
    </section>
  );
}
