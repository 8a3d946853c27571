import type { Region } from '../../api-types.ts';
import { personName, useI18n } from '../../i18n.tsx';
import { useShortNamePreview } from './short-name-field.tsx';
import type { WizardData, WizardStep } from './wizard-data.ts';

type Props = {
  data: WizardData;
  regions: Region[];
  submitting: boolean;
  onEdit(step: WizardStep): void;
  onBack(): void;
  onSubmit(): void;
};

/** Everything at a glance before "Activate now". */
export function ReviewStep({ data, regions, submitting, onEdit, onBack, onSubmit }: Props) {
  const { t, locale } = useI18n();
  const region = regions.find((r) => r.code === data.region);
  const preview = useShortNamePreview(
    data.region,
    data.shortNameMode === 'typed' ? { shortName: data.typedShortName } : { company: data.companyName },
  );
  const shortName =
    preview.status === 'ready'
      ? preview.preview.suggestion
      : data.shortNameMode === 'typed'
        ? data.typedShortName.trim().toLowerCase()
        : t('activate.details.shortNameChecking');
  return (
    <div>
      <p>{t('activate.review.intro')}</p>
      <section className="review-block" aria-labelledby="review-organization">
        <div className="review-heading">
          <h2 id="review-organization">{t('activate.review.organization')}</h2>
          <button type="button" className="link-button" onClick={() => onEdit('region')}>
            {t('activate.review.edit')} <span className="visually-hidden">{t('activate.steps.region')}</span>
          </button>
        </div>
        <dl className="facts">
          <dt>{t('activate.details.companyName')}</dt>
          <dd>{data.companyName}</dd>
          <dt>{t('activate.ready.region')}</dt>
          <dd>{region ? `${region.name[locale]} (${region.code})` : data.region}</dd>
          <dt>{t('activate.details.shortName')}</dt>
          <dd>
            <code data-testid="review-short-name">{shortName}</code>
          </dd>
        </dl>
      </section>
      <section className="review-block" aria-labelledby="review-admin">
        <div className="review-heading">
          <h2 id="review-admin">{t('activate.review.admin')}</h2>
          <button type="button" className="link-button" onClick={() => onEdit('details')}>
            {t('activate.review.edit')} <span className="visually-hidden">{t('activate.steps.details')}</span>
          </button>
        </div>
        <dl className="facts">
          <dt>{t('activate.details.firstName')}</dt>
          <dd>{personName(locale, data)}</dd>
          <dt>{t('activate.details.email')}</dt>
          <dd>{data.email}</dd>
        </dl>
      </section>
      <section className="review-block" aria-labelledby="review-invitations">
        <div className="review-heading">
          <h2 id="review-invitations">{t('activate.review.invitations')}</h2>
          <button type="button" className="link-button" onClick={() => onEdit('invite')}>
            {t('activate.review.edit')} <span className="visually-hidden">{t('activate.steps.invite')}</span>
          </button>
        </div>
        {data.invitations.length ? (
          <ul className="plain">
            {data.invitations.map((i) => (
              <li key={i.email}>
                {i.email} · {t(`activate.invite.role.${i.role}`)}
              </li>
            ))}
          </ul>
        ) : (
          <p className="muted">{t('activate.review.noInvitations')}</p>
        )}
      </section>
      <div className="wizard-actions">
        <button type="button" className="secondary" onClick={onBack} disabled={submitting}>
          {t('activate.back')}
        </button>
        <button type="button" onClick={onSubmit} disabled={submitting} aria-busy={submitting}>
          {submitting ? t('activate.review.submitting') : t('activate.review.submit')}
        </button>
      </div>
    </div>
  );
}
