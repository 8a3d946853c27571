import { useEffect, useRef, useState } from 'react';
import { ApiError, customerApi } from '../../api.ts';
import type { ActivationSummary, Region } from '../../api-types.ts';
import { ErrorPanel } from '../../components/error-panel.tsx';
import { Layout } from '../../components/layout.tsx';
import { formatDateTime, useI18n } from '../../i18n.tsx';
import { navigate, useLocation } from '../../router.tsx';
import { useAsync } from '../../use-async.ts';
import { DetailsStep } from './details-step.tsx';
import { InviteStep } from './invite-step.tsx';
import { LinkErrorPage, linkErrorCodes } from './link-error.tsx';
import { ProgressView } from './progress-view.tsx';
import { RegionStep } from './region-step.tsx';
import { ReviewStep } from './review-step.tsx';
import { SignedInGate } from './signed-in-notice.tsx';
import type { FieldErrors, WizardData, WizardStep } from './wizard-data.ts';
import { wizardSteps } from './wizard-data.ts';
import { useWizardData } from './wizard-state.ts';

/** Which step shows a server error about `path`. */
function stepOf(path: string): WizardStep {
  if (path.startsWith('region')) return 'region';
  if (path.startsWith('invitations')) return 'invite';
  return 'details';
}

/** `/activate/{token}`: the summary, then region → basic information → invitations → review → progress. */
export function ActivationPage({ token }: { token: string }) {
  const { t, locale } = useI18n();
  const { search } = useLocation();
  const requested = search.get('step');
  const summary = useAsync(
    () => customerApi<ActivationSummary>('GET', `/api/v1/activations/${token}`),
    [token],
  );
  const regions = useAsync(() => customerApi<{ items: Region[] }>('GET', '/api/v1/catalog/regions'), []);
  const [data, setData] = useWizardData(token, summary.data);
  const [serverErrors, setServerErrors] = useState<FieldErrors>({});
  const [submitError, setSubmitError] = useState<unknown>();
  const [submitting, setSubmitting] = useState(false);
  const heading = useRef<HTMLHeadingElement>(null);

  // Never show a step whose earlier steps are not done (a reload keeps data, but not the password).
  let step: WizardStep = wizardSteps.includes(requested as WizardStep) ? (requested as WizardStep) : 'region';
  if (data && step !== 'region' && !data.region) step = 'region';
  else if (data && (step === 'invite' || step === 'review') && !data.password) step = 'details';
  const index = wizardSteps.indexOf(step);

  // Each step moves focus to its heading, so keyboard and screen-reader users start at the top.
  // biome-ignore lint/correctness/useExhaustiveDependencies: runs when the step changes
  useEffect(() => {
    heading.current?.focus();
  }, [step]);

  const go = (next: WizardStep) => navigate(`/activate/${token}?step=${next}`);
  const update = (patch: Partial<WizardData>) =>
    setData((previous) => (previous ? { ...previous, ...patch } : previous));

  if (requested === 'progress') {
    return (
      <Layout>
        <ProgressView token={token} />
      </Layout>
    );
  }
  if (summary.error instanceof ApiError && summary.error.code === 'ACTIVATION_LINK_USED') {
    return (
      <Layout>
        <ProgressView token={token} usedNotice />
      </Layout>
    );
  }
  if (summary.error instanceof ApiError && linkErrorCodes.includes(summary.error.code)) {
    return (
      <Layout>
        <LinkErrorPage error={summary.error} />
      </Layout>
    );
  }
  if (summary.error || regions.error) {
    return (
      <Layout>
        <ErrorPanel error={summary.error ?? regions.error} />
      </Layout>
    );
  }
  if (!summary.data || !regions.data || !data) {
    return (
      <Layout>
        <p aria-live="polite">{t('common.loading')}</p>
      </Layout>
    );
  }
  const s = summary.data;

  const submit = async () => {
    setSubmitting(true);
    setSubmitError(undefined);
    try {
      await customerApi('POST', `/api/v1/activations/${token}`, {
        region: data.region,
        companyName: data.companyName,
        ...(data.shortNameMode === 'typed' ? { shortName: data.typedShortName } : {}),
        admin: {
          firstName: data.firstName,
          lastName: data.lastName,
          email: data.email,
          password: data.password,
        },
        invitations: data.invitations,
        locale,
      });
      // The typed data (never the password) stays until the ready page has prefilled the login.
      navigate(`/activate/${token}?step=progress`, { replace: true });
    } catch (caught) {
      setSubmitting(false);
      if (caught instanceof ApiError && caught.code === 'VALIDATION_FAILED') {
        const fields = caught.fieldErrors();
        setServerErrors(fields);
        go(stepOf(Object.keys(fields)[0] ?? ''));
      } else if (caught instanceof ApiError && caught.code === 'SHORT_NAME_TAKEN') {
        setServerErrors({ shortName: caught.message });
        update({
          shortNameMode: 'typed',
          typedShortName: String(caught.details?.suggestion ?? data.typedShortName),
        });
        go('details');
      } else if (
        caught instanceof ApiError &&
        (caught.code === 'ACTIVATION_LINK_USED' || linkErrorCodes.includes(caught.code))
      ) {
        summary.reload();
      } else {
        setSubmitError(caught);
      }
    }
  };

  return (
    <Layout>
      <div className="wizard">
        <aside className="wizard-summary" aria-labelledby="summary-title">
          <h2 id="summary-title">{t('activate.summary.title')}</h2>
          <p>
            <strong>{s.company}</strong>
            <br />
            {s.kind === 'trial'
              ? t('activate.summary.trial', { days: s.trialDays ?? 0 })
              : t('activate.summary.paid', { ratePlan: s.ratePlan ?? '', currency: s.currency ?? '' })}
          </p>
          <h3>{t('activate.summary.products')}</h3>
          <ul className="plain">
            {s.products.map((p) => (
              <li key={p.sku}>
                {p.name} × {p.quantity}
              </li>
            ))}
          </ul>
          <p className="muted">
            {t('activate.summary.expires', { date: formatDateTime(locale, s.expiresAt) })}
          </p>
        </aside>
        <div className="wizard-main">
          <p className="muted">{t('activate.title', { company: s.company })}</p>
          <ol
            className="stepper"
            aria-label={t('activate.stepOf', { step: index + 1, total: wizardSteps.length })}
          >
            {wizardSteps.map((name, i) => (
              <li
                key={name}
                className={i < index ? 'done' : i === index ? 'current' : ''}
                aria-current={i === index ? 'step' : undefined}
              >
                {t(`activate.steps.${name}`)}
              </li>
            ))}
          </ol>
          <h1 ref={heading} tabIndex={-1}>
            {step === 'region'
              ? t('activate.region.title')
              : step === 'details'
                ? t('activate.details.title')
                : step === 'invite'
                  ? t('activate.invite.title')
                  : t('activate.review.title')}
          </h1>
          <SignedInGate>
            {step === 'region' ? (
              <RegionStep
                regions={regions.data.items}
                value={data.region}
                onSubmit={(region) => {
                  update({ region });
                  go('details');
                }}
              />
            ) : null}
            {step === 'details' ? (
              <DetailsStep
                data={data}
                regions={regions.data.items}
                serverErrors={serverErrors}
                onChange={update}
                onBack={() => go('region')}
                onNext={() => go('invite')}
              />
            ) : null}
            {step === 'invite' ? (
              <InviteStep
                invitations={data.invitations}
                adminEmail={data.email}
                serverErrors={serverErrors}
                onChange={(invitations) => update({ invitations })}
                onBack={() => go('details')}
                onNext={() => go('review')}
              />
            ) : null}
            {step === 'review' ? (
              <>
                {submitError ? <ErrorPanel error={submitError} /> : null}
                <ReviewStep
                  data={data}
                  regions={regions.data.items}
                  submitting={submitting}
                  onEdit={go}
                  onBack={() => go('invite')}
                  onSubmit={submit}
                />
              </>
            ) : null}
          </SignedInGate>
        </div>
      </div>
    </Layout>
  );
}
