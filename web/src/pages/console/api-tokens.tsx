import { type FormEvent, useState } from 'react';
import { ApiError, staffApi } from '../../api.ts';
import type { ApiTokenList, CreatedApiToken, StaffMember } from '../../api-types.ts';
import { ConfirmButton } from '../../components/confirm-button.tsx';
import { ErrorPanel } from '../../components/error-panel.tsx';
import { SelectField, TextField } from '../../components/field.tsx';
import { SecretPanel } from '../../components/secret-panel.tsx';
import { TableScroll } from '../../components/table-scroll.tsx';
import { formatDateTime, useI18n } from '../../i18n.tsx';
import { useAsync } from '../../use-async.ts';
import { useSubmit } from '../../use-submit.ts';

const staffRoles = ['sales', 'cx', 'support', 'admin'] as const;
const expiryChoices = [7, 30, 90, 365] as const;

/** Scripts' credentials: the member's own tokens (an admin's view: everyone's), create and revoke. */
export function ApiTokensPage() {
  const { t, locale } = useI18n();
  const me = useAsync(() => staffApi<StaffMember>('GET', '/api/v1/staff/me'), []);
  const isAdmin = me.data?.roles.includes('admin') ?? false;
  const tokens = useAsync(
    () =>
      me.data
        ? staffApi<ApiTokenList>('GET', `/api/v1/staff/api-tokens${isAdmin ? '?all=true' : ''}`)
        : Promise.resolve(undefined),
    [me.data, isAdmin],
  );
  const held = staffRoles.filter((role) => me.data?.roles.includes(role));
  const [name, setName] = useState('');
  const [roles, setRoles] = useState<string[] | undefined>();
  const [days, setDays] = useState(90);
  const [created, setCreated] = useState<CreatedApiToken>();
  const [revoked, setRevoked] = useState<string>();
  const { busy, error, run } = useSubmit();
  const fields = error instanceof ApiError ? error.fieldErrors() : {};
  const chosen = roles ?? held;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    void run(async () => {
      const token = await staffApi<CreatedApiToken>('POST', '/api/v1/staff/api-tokens', {
        name: name.trim(),
        roles: chosen,
        expiresInDays: days,
      });
      setCreated(token);
      setRevoked(undefined);
      setName('');
      tokens.reload();
    });
  };
  const revoke = (id: string, tokenName: string) =>
    run(async () => {
      await staffApi('DELETE', `/api/v1/staff/api-tokens/${id}`);
      setRevoked(tokenName);
      tokens.reload();
    });

  return (
    <>
      <h1>{t('tokens.title')}</h1>
      <p>{t('tokens.intro')}</p>
      {isAdmin ? <p className="muted">{t('tokens.allIntro')}</p> : null}
      {created ? (
        <SecretPanel title={t('tokens.secret')} note={t('tokens.created')} secret={created.token} />
      ) : null}
      {revoked ? (
        <p className="notice" role="status">
          {t('tokens.revoked', { name: revoked })}
        </p>
      ) : null}
      {tokens.error ? <ErrorPanel error={tokens.error} /> : null}
      {!tokens.data ? (
        <p aria-live="polite">{t('common.loading')}</p>
      ) : tokens.data.items.length === 0 ? (
        <p className="empty">{t('tokens.empty')}</p>
      ) : (
        <TableScroll label={t('tokens.title')}>
          <table>
            <thead>
              <tr>
                <th scope="col">{t('tokens.col.name')}</th>
                {isAdmin ? <th scope="col">{t('tokens.col.owner')}</th> : null}
                <th scope="col">{t('tokens.col.roles')}</th>
                <th scope="col">{t('tokens.col.status')}</th>
                <th scope="col">{t('tokens.col.lastUsed')}</th>
                <th scope="col">{t('tokens.col.actions')}</th>
              </tr>
            </thead>
            <tbody>
              {tokens.data.items.map((token) => (
                <tr key={token.id}>
                  <td>{token.name}</td>
                  {isAdmin ? <td>{token.owner.email}</td> : null}
                  <td>{token.roles.map((role) => roleName(t, role)).join(', ')}</td>
                  <td>
                    {t(`tokens.status.${token.status}`, {
                      date: formatDateTime(
                        locale,
                        token.status === 'revoked' ? (token.revokedAt ?? token.expiresAt) : token.expiresAt,
                      ),
                    })}
                  </td>
                  <td>
                    {token.lastUsedAt ? formatDateTime(locale, token.lastUsedAt) : t('tokens.neverUsed')}
                  </td>
                  <td>
                    {token.status === 'active' ? (
                      <ConfirmButton
                        label={t('tokens.revoke')}
                        explanation={t('tokens.revokeExplanation')}
                        danger
                        secondary
                        onConfirm={() => revoke(token.id, token.name)}
                      />
                    ) : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      )}
      <h2>{t('tokens.create')}</h2>
      <p className="muted">{t('tokens.freshHint')}</p>
      {error && !(error instanceof ApiError && error.code === 'VALIDATION_FAILED') ? (
        <ErrorPanel error={error} />
      ) : null}
      <form onSubmit={submit} noValidate className="narrow">
        <TextField
          label={t('tokens.name')}
          name="name"
          required
          maxLength={100}
          value={name}
          hint={t('tokens.nameHint')}
          error={fields.name}
          onChange={(event) => setName(event.target.value)}
        />
        <fieldset className="field">
          <legend>{t('tokens.roles')}</legend>
          {held.map((role) => (
            <label key={role} className="checkbox">
              <input
                type="checkbox"
                name="roles"
                value={role}
                checked={chosen.includes(role)}
                onChange={(event) =>
                  setRoles(event.target.checked ? [...chosen, role] : chosen.filter((r) => r !== role))
                }
              />{' '}
              {roleName(t, role)}
            </label>
          ))}
          {fields.roles ? <p className="field-error">{fields.roles}</p> : null}
        </fieldset>
        <SelectField
          label={t('tokens.expiry')}
          name="expiresInDays"
          value={String(days)}
          onChange={(event) => setDays(Number(event.target.value))}
        >
          {expiryChoices.map((choice) => (
            <option key={choice} value={choice}>
              {t('tokens.days', { count: choice })}
            </option>
          ))}
        </SelectField>
        <button type="submit" disabled={busy}>
          {t('tokens.create')}
        </button>
      </form>
    </>
  );
}

function roleName(t: ReturnType<typeof useI18n>['t'], role: string): string {
  return (staffRoles as readonly string[]).includes(role)
    ? t(`role.${role as (typeof staffRoles)[number]}`)
    : role;
}
