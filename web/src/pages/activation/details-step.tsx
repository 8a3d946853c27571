import { type FormEvent, useEffect, useState } from 'react';
import { checkPassword } from '../../../../src/security/password-policy.ts';
import type { Region } from '../../api-types.ts';
import { TextField } from '../../components/field.tsx';
import { PasswordRules } from '../../components/password-rules.tsx';
import { nameFieldOrder, useI18n } from '../../i18n.tsx';
import { ShortNameField, shortNameBlocker, useShortNamePreview } from './short-name-field.tsx';
import { type FieldErrors, isEmail, type WizardData } from './wizard-data.ts';

type Props = {
  data: WizardData;
  regions: Region[];
  serverErrors: FieldErrors;
  onChange(patch: Partial<WizardData>): void;
  onBack(): void;
  onNext(): void;
};

/** SPEC step 5: the admin's name, email and password, the company name and the short name. */
export function DetailsStep({ data, regions, serverErrors, onChange, onBack, onNext }: Props) {
  const { t, locale } = useI18n();
  const [errors, setErrors] = useState<FieldErrors>({});
  // Fields edited since the server last answered: its old complaint no longer applies.
  const [edited, setEdited] = useState<Set<string>>(new Set());
  const [showPassword, setShowPassword] = useState(false);
  const nameOrder = nameFieldOrder(locale);
  const shortNameState = useShortNamePreview(
    data.region,
    data.shortNameMode === 'typed' ? { shortName: data.typedShortName } : { company: data.companyName },
  );
  const pathOf = (key: keyof WizardData) =>
    key === 'typedShortName' ? 'shortName' : key === 'companyName' ? key : `admin.${key}`;
  const set = (key: keyof WizardData) => (event: { target: { value: string } }) => {
    const path = pathOf(key);
    // An error clears as soon as the person changes what it was about.
    setErrors(({ [path]: _fixed, ...rest }) => rest);
    setEdited((before) => new Set(before).add(path));
    onChange({ [key]: event.target.value });
  };
  const error = (path: string) => errors[path] ?? (edited.has(path) ? undefined : serverErrors[path]);

  // Next pressed while the short name is still being checked: go on once the answer is in.
  const [nextAfterCheck, setNextAfterCheck] = useState(false);
  const submit = (event?: FormEvent) => {
    event?.preventDefault();
    const found: FieldErrors = {};
    for (const part of nameOrder) {
      if (!data[part].trim()) found[`admin.${part}`] = t('activate.details.required');
    }
    if (!isEmail(data.email)) found['admin.email'] = t('activate.details.invalidEmail');
    if (checkPassword(data.password).length) found['admin.password'] = t('password.invalid');
    if (!data.companyName.trim()) found.companyName = t('activate.details.required');
    const blocker = shortNameBlocker(shortNameState, data.shortNameMode);
    if (data.shortNameMode === 'typed' && !data.typedShortName.trim())
      found.shortName = t('activate.details.required');
    else if (blocker?.kind === 'checking' && Object.keys(found).length === 0) {
      setNextAfterCheck(true);
      return;
    } else if (blocker?.kind === 'unavailable')
      found.shortName = t('activate.details.shortNameChoose', { suggestion: blocker.suggestion });
    else if (blocker?.kind === 'invalid') found.shortName = t('activate.details.shortNameFix');
    setErrors(found);
    setEdited(new Set());
    if (Object.keys(found).length) {
      document.getElementById(`field-${Object.keys(found)[0]?.replace('.', '-')}`)?.focus();
      return;
    }
    onNext();
  };

  // biome-ignore lint/correctness/useExhaustiveDependencies: runs when the check answers
  useEffect(() => {
    if (!nextAfterCheck || shortNameState.status === 'checking') return;
    setNextAfterCheck(false);
    submit();
  }, [nextAfterCheck, shortNameState]);

  return (
    <form onSubmit={submit} noValidate aria-busy={nextAfterCheck || undefined}>
      <p>{t('activate.details.intro')}</p>
      <div className="two-columns">
        {nameOrder.map((part) => (
          <TextField
            key={part}
            id={`field-admin-${part}`}
            label={t(part === 'lastName' ? 'activate.details.lastName' : 'activate.details.firstName')}
            name={part}
            autoComplete={part === 'lastName' ? 'family-name' : 'given-name'}
            required
            value={data[part]}
            onChange={set(part)}
            error={error(`admin.${part}`)}
          />
        ))}
      </div>
      <TextField
        id="field-admin-email"
        label={t('activate.details.email')}
        name="email"
        type="email"
        autoComplete="email"
        required
        value={data.email}
        onChange={set('email')}
        hint={t('activate.details.emailHint')}
        error={error('admin.email')}
      />
      <div className="password-field">
        <TextField
          id="field-admin-password"
          label={t('activate.details.password')}
          name="password"
          type={showPassword ? 'text' : 'password'}
          autoComplete="new-password"
          required
          value={data.password}
          onChange={set('password')}
          hint={<PasswordRules password={data.password} id="password-rules" />}
          error={error('admin.password')}
        />
        <label className="checkbox">
          <input
            type="checkbox"
            checked={showPassword}
            onChange={(event) => setShowPassword(event.target.checked)}
          />
          {t('activate.details.showPassword')}
        </label>
      </div>
      <TextField
        id="field-companyName"
        label={t('activate.details.companyName')}
        name="companyName"
        autoComplete="organization"
        required
        maxLength={200}
        value={data.companyName}
        onChange={set('companyName')}
        error={error('companyName')}
      />
      <ShortNameField
        regions={regions}
        state={shortNameState}
        mode={data.shortNameMode}
        typed={data.typedShortName}
        serverError={error('shortName')}
        onChange={(change) => {
          setErrors(({ shortName: _changed, ...rest }) => rest);
          setEdited((before) => new Set(before).add('shortName'));
          onChange({
            ...(change.mode ? { shortNameMode: change.mode } : {}),
            ...(change.typed !== undefined ? { typedShortName: change.typed } : {}),
          });
        }}
      />
      <div className="wizard-actions">
        <button type="button" className="secondary" onClick={onBack}>
          {t('activate.back')}
        </button>
        <button type="submit">{t('activate.next')}</button>
      </div>
    </form>
  );
}
