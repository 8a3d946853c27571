import { useEffect, useRef, useState } from 'react';
import { ApiError } from '../../api.ts';
import type { ActivationProgress } from '../../api-types.ts';
import { ErrorPanel } from '../../components/error-panel.tsx';
import { RunProgress, stepName, useRevealedSteps } from '../../components/run-progress.tsx';
import { useI18n } from '../../i18n.tsx';
import { useProgress } from '../../use-progress.ts';
import { LoginForm } from '../customer/login-form.tsx';
import { forgetWizardData, storedWizardEmail } from './wizard-state.ts';

export function ProgressView({ token, usedNotice = false }: { token: string; usedNotice?: boolean }) {
  const { t, locale } = useI18n();
  const { progress, error } = useProgress<ActivationProgress>(
    { stream: `/api/v1/activations/${token}/progress/stream`, poll: `/api/v1/activations/${token}/progress` },
    (value) => value.state === 'ready' || value.state === 'failed',
  );
  const heading = useRef<HTMLHeadingElement>(null);
  // Coming back to a used link later: no need to replay the ticks.
  const revealed = useRevealedSteps(progress?.steps, usedNotice);
  const ready = progress?.state === 'ready' && revealed.allShown;
  useEffect(() => {
    if (ready) heading.current?.focus();
  }, [ready]);

  if (error) return <ErrorPanel error={error} />;
  if (!progress) return <p aria-live="polite">{t('common.loading')}</p>;
  if (ready)
    return <ReadyView token={token} progress={progress} headingRef={heading} usedNotice={usedNotice} />;

  const failedStep = progress.steps.find((s) => s.status === 'failed');
  return (
    <div className="narrow">
      <h1 ref={heading} tabIndex={-1}>
        {t('activate.progress.title')}
      </h1>
      {usedNotice ? <p className="notice">{t('activate.usedNotice')}</p> : null}
      <p>{t('activate.progress.intro')}</p>
      <RunProgress
        steps={revealed.steps}
        label={t('activate.progress.label')}
        stepLabel={(key) => t(`activate.progress.step.${key}` as Parameters<typeof t>[0])}
      />
      {progress.state === 'failed' && progress.error ? (
        <ErrorPanel
          title={t('activate.progress.failedTitle')}
          error={
            new ApiError(500, {
              code: 'PROVISIONING_FAILED',
              message: t('activate.progress.failed', {
                step: stepName(progress.steps, failedStep?.key ?? progress.error.step, locale, (key) =>
                  t(`activate.progress.step.${key}` as Parameters<typeof t>[0]),
                ),
              }),
              reference: progress.error.reference,
            })
          }
          organizationId={progress.organizationId ?? undefined}
        />
      ) : null}
    </div>
  );
}

function ReadyView({
  token,
  progress,
  headingRef,
  usedNotice,
}: {
  token: string;
  progress: ActivationProgress;
  headingRef: React.RefObject<HTMLHeadingElement | null>;
  usedNotice: boolean;
}) {
  const { t, locale } = useI18n();
  const [copied, setCopied] = useState(false);
  const [email] = useState(() => storedWizardEmail(token) ?? '');
  useEffect(() => forgetWizardData(token), [token]);
  const copy = async () => {
    await navigator.clipboard.writeText(progress.organizationId ?? '').catch(() => {});
    setCopied(true);
  };
  return (
    <div className="narrow">
      <h1 ref={headingRef} tabIndex={-1}>
        {t('activate.ready.title')}
      </h1>
      {usedNotice ? <p className="notice">{t('activate.usedNotice')}</p> : null}
      <p>{t('activate.ready.intro')}</p>
      <dl className="facts">
        <dt>{t('activate.ready.shortName')}</dt>
        <dd>
          <code data-testid="ready-short-name">{progress.shortName}</code>
        </dd>
        <dt>{t('common.organizationId')}</dt>
        <dd>
          <code data-testid="ready-organization-id">{progress.organizationId}</code>{' '}
          <button type="button" className="link-button" onClick={copy}>
            {copied ? t('activate.ready.copied') : t('activate.ready.copy')}
          </button>
        </dd>
        <dt>{t('activate.ready.region')}</dt>
        <dd>{progress.regionName?.[locale] ?? progress.region}</dd>
        <dt>{t('activate.ready.loginUrl')}</dt>
        <dd>{progress.loginUrl}</dd>
      </dl>
      <h2>{t('login.title')}</h2>
      <LoginForm email={email} shortName={progress.shortName ?? ''} />
    </div>
  );
}
