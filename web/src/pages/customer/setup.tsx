import { useEffect, useRef, useState } from 'react';
import { ApiError, customerApi } from '../../api.ts';
import type { SetupProgress } from '../../api-types.ts';
import { ErrorPanel } from '../../components/error-panel.tsx';
import { RunProgress, stepName, useRevealedSteps } from '../../components/run-progress.tsx';
import { useI18n } from '../../i18n.tsx';
import { navigate } from '../../router.tsx';
import { useProgress } from '../../use-progress.ts';
import { useMe } from './customer-layout.tsx';

/** SPEC steps 9–10: "Setting up your organization", then "Continue" to home. */
export function SetupPage() {
  const { t, locale } = useI18n();
  const { me } = useMe();
  const [generation, setGeneration] = useState(0);
  const [retryError, setRetryError] = useState<unknown>();
  const { progress, error } = useProgress<SetupProgress>(
    { stream: '/api/v1/organization/setup/stream', poll: '/api/v1/organization/setup' },
    (value) => value.state === 'done' || value.state === 'failed',
    generation,
  );
  const continueButton = useRef<HTMLButtonElement>(null);
  const revealed = useRevealedSteps(progress?.steps);
  const done = progress?.state === 'done' && revealed.allShown;
  useEffect(() => {
    if (done) continueButton.current?.focus();
  }, [done]);

  if (me.user.role !== 'admin') {
    navigate('/home', { replace: true });
    return null;
  }
  const retry = async () => {
    setRetryError(undefined);
    try {
      await customerApi('POST', '/api/v1/organization/setup/retry');
      setGeneration((g) => g + 1);
    } catch (caught) {
      setRetryError(caught);
    }
  };
  const stepLabel = (key: string) => t(`setup.step.${key}` as Parameters<typeof t>[0]);

  return (
    <div className="narrow">
      <h1>{t('setup.title')}</h1>
      <p>{done ? t('setup.doneIntro') : t('setup.intro')}</p>
      {error ? <ErrorPanel error={error} organizationId={me.organization.id} /> : null}
      {progress ? (
        <RunProgress steps={revealed.steps} label={t('setup.title')} stepLabel={stepLabel} />
      ) : (
        <p aria-live="polite">{t('common.loading')}</p>
      )}
      {done ? (
        <div role="status" className="setup-done">
          <p className="notice">{t('setup.done')}</p>
          <button type="button" ref={continueButton} onClick={() => navigate('/home')}>
            {t('setup.continue')}
          </button>
        </div>
      ) : null}
      {progress?.state === 'failed' && progress.error ? (
        <ErrorPanel
          title={t('setup.failedTitle')}
          organizationId={progress.organizationId}
          error={
            new ApiError(500, {
              code: 'SETUP_FAILED',
              message: t('setup.failed', {
                step: stepName(progress.steps, progress.error.step, locale, stepLabel),
              }),
              reference: progress.error.reference,
            })
          }
        >
          <p>
            <button type="button" onClick={retry}>
              {t('setup.retry')}
            </button>
          </p>
        </ErrorPanel>
      ) : null}
      {retryError ? <ErrorPanel error={retryError} organizationId={me.organization.id} /> : null}
    </div>
  );
}
