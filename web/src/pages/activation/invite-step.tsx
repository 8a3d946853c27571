import { type FormEvent, useState } from 'react';
import { useI18n } from '../../i18n.tsx';
import { type FieldErrors, type Invitee, isEmail } from './wizard-data.ts';

type Props = {
  invitations: Invitee[];
  adminEmail: string;
  serverErrors: FieldErrors;
  onChange(invitations: Invitee[]): void;
  onBack(): void;
  onNext(): void;
};

/** SPEC step 6 (optional): colleagues to invite, each with a role; skippable. */
export function InviteStep({ invitations, adminEmail, serverErrors, onChange, onBack, onNext }: Props) {
  const { t } = useI18n();
  const [errors, setErrors] = useState<FieldErrors>({});
  const rows = invitations.length ? invitations : [{ email: '', role: 'user' as const }];
  const update = (index: number, patch: Partial<Invitee>) =>
    onChange(rows.map((row, i) => (i === index ? { ...row, ...patch } : row)));
  const remove = (index: number) => onChange(rows.filter((_, i) => i !== index));

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const filled = rows.filter((row) => row.email.trim());
    const found: FieldErrors = {};
    const seen = new Set<string>();
    filled.forEach((row, index) => {
      const email = row.email.trim().toLowerCase();
      if (!isEmail(email)) found[`invitations.${index}.email`] = t('activate.details.invalidEmail');
      else if (email === adminEmail.trim().toLowerCase())
        found[`invitations.${index}.email`] = t('activate.invite.self');
      else if (seen.has(email)) found[`invitations.${index}.email`] = t('activate.invite.duplicate');
      seen.add(email);
    });
    onChange(filled);
    setErrors(found);
    if (Object.keys(found).length === 0) onNext();
  };

  return (
    <form onSubmit={submit} noValidate>
      <p>{t('activate.invite.intro')}</p>
      <ul className="invite-rows">
        {rows.map((row, index) => {
          const n = index + 1;
          const error = errors[`invitations.${index}.email`] ?? serverErrors[`invitations.${index}.email`];
          return (
            // biome-ignore lint/suspicious/noArrayIndexKey: rows have no identity but their position
            <li key={index} className={error ? 'invite-row has-error' : 'invite-row'}>
              <label className="visually-hidden" htmlFor={`invite-email-${index}`}>
                {t('activate.invite.email', { n })}
              </label>
              <input
                id={`invite-email-${index}`}
                type="email"
                autoComplete="off"
                placeholder="name@example.com"
                value={row.email}
                aria-invalid={error ? true : undefined}
                aria-describedby={error ? `invite-error-${index}` : undefined}
                onChange={(event) => update(index, { email: event.target.value })}
              />
              <label className="visually-hidden" htmlFor={`invite-role-${index}`}>
                {t('activate.invite.role', { n })}
              </label>
              <select
                id={`invite-role-${index}`}
                value={row.role}
                onChange={(event) => update(index, { role: event.target.value as Invitee['role'] })}
              >
                <option value="user">{t('activate.invite.role.user')}</option>
                <option value="admin">{t('activate.invite.role.admin')}</option>
              </select>
              <button
                type="button"
                className="secondary"
                aria-label={t('activate.invite.remove', { n })}
                onClick={() => remove(index)}
              >
                ✕
              </button>
              {error ? (
                <div id={`invite-error-${index}`} className="field-error">
                  {error}
                </div>
              ) : null}
            </li>
          );
        })}
      </ul>
      <div>
        <button
          type="button"
          className="secondary"
          onClick={() => onChange([...rows, { email: '', role: 'user' }])}
        >
          + {t('activate.invite.add')}
        </button>
      </div>
      <div className="wizard-actions">
        <button type="button" className="secondary" onClick={onBack}>
          {t('activate.back')}
        </button>
        <button
          type="button"
          className="secondary"
          onClick={() => {
            onChange([]);
            onNext();
          }}
        >
          {t('activate.invite.skip')}
        </button>
        <button type="submit">{t('activate.next')}</button>
      </div>
    </form>
  );
}
