import { checkPassword, passwordRules } from '../../../src/security/password-policy.ts';
import { useI18n } from '../i18n.tsx';

/** The password rules, ticked off as the user types: the same pure function the server uses. */
export function PasswordRules({
  password,
  id,
  minLength = 8,
}: {
  password: string;
  id: string;
  minLength?: number;
}) {
  const { t } = useI18n();
  const broken = new Set(checkPassword(password, { minLength, maxLength: 400 }));
  // The upper limit only matters once it is broken.
  const shown = passwordRules.filter((rule) => rule !== 'maxLength' || broken.has('maxLength'));
  return (
    <div id={id} className="password-rules">
      <span>{t('password.rules')}:</span>
      <ul>
        {shown.map((rule) => {
          const met = password.length > 0 && !broken.has(rule);
          return (
            <li key={rule} className={met ? 'met' : 'unmet'}>
              <span aria-hidden="true">{met ? '✓' : '○'}</span>{' '}
              {t(`password.rule.${rule}`, { min: minLength })}
              <span className="visually-hidden">
                {' '}
                ({met ? t('password.rule.met') : t('password.rule.unmet')})
              </span>
            </li>
          );
        })}
      </ul>
    </div>
  );
}
