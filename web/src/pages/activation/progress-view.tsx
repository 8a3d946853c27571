import { useEffect, useRef, useState } from 'react';
import { ApiError, customerApi } from '../../api.ts';
import { ErrorPanel } from '../../components/error-panel.tsx';
import { useI18n } from '../../i18n.tsx';
import type { ActivationProgress } from './types.ts';

/**
 * Follows provisioning over Server-Sent Events, falling back to polling when the stream is
 * unavailable. Closing the page stops nothing on the server.
 */
function useActivationProgress(token: string) {
  const [progress, setProgress] = useState<ActivationProgress>();
  const [error, setError] = useState<unknown>();
  useEffect(() => {
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const poll = async () => {
      try {
        const next = await customerApi<ActivationProgress>('GET', `/api/v1/activations/${token}/progress`);
        if (stopped) return;
        setProgress(next);
        if (next.state !== 'ready' && next.state !== 'failed') timer = setTimeout(poll, 2000);
      } catch (caught) {
        if (!stopped) setError(caught);
      }
    };
    const source = new EventSource(`/api/v1/activations/${token}/progress/stream`);
    source.addEventListener('progress', (event) => {
      const next = JSON.parse((event as MessageEvent<string>).data) as ActivationProgress;
      setProgress(next);
      if (next.state === 'ready' || next.state === 'failed') source.close();
    });
    source.onerror = () => {
      // The stream ended or could not start: the plain endpoint tells where things stand.
      source.close();
      if (!stopped) void poll();
    };
    return () => {
      stopped = true;
      source.close();
      clearTimeout(timer);
    };
  }, [token]);
  return { progress, error };
}

export function ProgressView({ token, usedNotice = false }: { token: string; usedNotice?: boolean }) {
  const { t } = useI18n();
  const { progress, error } = useActivationProgress(token);
  const heading = useRef<HTMLHeadingElement>(null);
  const ready = progress?.state === 'ready';
  useEffect(() => {
    if (ready) heading.current?.focus();
  }, [ready]);

  if (error) return <ErrorPanel error={error} />;
  if (!progress) return <p aria-live="polite">{t('common.loading')}</p>;
  if (ready) return <ReadyView progress={progress} headingRef={heading} usedNotice={usedNotice} />;

  const done = progress.steps.filter((s) => s.status === 'done').length;
  const percent = Math.round((done / Math.max(1, progress.steps.length)) * 100);
  const failedStep = progress.steps.find((s) => s.status === 'failed');
  return (
    <div className="narrow">
      <h1 ref={heading} tabIndex={-1}>
        {t('activate.progress.title')}
      </h1>
      {usedNotice ? <p className="notice">{t('activate.usedNotice')}</p> : null}
      <p>{t('activate.progress.intro')}</p>
      <div
        className="progress-bar"
        role="progressbar"
        aria-label={t('activate.progress.label')}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={percent}
      >
        <div style={{ width: `${percent}%` }} />
      </div>
      <ol className="progress-steps" aria-live="polite">
        {progress.steps.map((step) => (
          <li key={step.key} className={`progress-step ${step.status}`}>
            <span className="step-icon" aria-hidden="true">
              {step.status === 'done'
                ? '✓'
                : step.status === 'failed'
                  ? '!'
                  : step.status === 'running'
                    ? '…'
                    : '○'}
            </span>
            <span className="step-label">
              {t(`activate.progress.step.${step.key}` as Parameters<typeof t>[0])}
            </span>
            <span className="step-status">
              {step.status === 'pending' && step.attempts > 0
                ? t('activate.progress.retrying', { attempt: step.attempts + 1 })
                : t(`activate.progress.status.${step.status}`)}
            </span>
          </li>
        ))}
      </ol>
      {progress.state === 'failed' && progress.error ? (
        <ErrorPanel
          title={t('activate.progress.failedTitle')}
          error={
            new ApiError(500, {
              code: 'PROVISIONING_FAILED',
              message: t('activate.progress.failed', {
                step: t(
                  `activate.progress.step.${failedStep?.key ?? progress.error.step}` as Parameters<
                    typeof t
                  >[0],
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
  progress,
  headingRef,
  usedNotice,
}: {
  progress: ActivationProgress;
  headingRef: React.RefObject<HTMLHeadingElement | null>;
  usedNotice: boolean;
}) {
  const { t } = useI18n();
  const [copied, setCopied] = useState(false);
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
        <dd>{progress.region}</dd>
        <dt>{t('activate.ready.loginUrl')}</dt>
        <dd>{progress.loginUrl}</dd>
      </dl>
      {progress.loginUrl ? (
        <p>
          <a className="button" href={progress.loginUrl}>
            {t('activate.ready.login')}
          </a>
        </p>
      ) : null}
    </div>
  );
}
