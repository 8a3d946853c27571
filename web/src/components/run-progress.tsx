import type { RunStep } from '../api-types.ts';
import { useI18n } from '../i18n.tsx';

/** A step's name: its own (connector steps bring theirs, in both languages) or the catalog's. */
export function stepName(
  steps: readonly RunStep[],
  key: string,
  locale: 'en' | 'ko',
  fallback: (key: string) => string,
): string {
  return steps.find((s) => s.key === key)?.name?.[locale] ?? fallback(key);
}

/** A background run as people see it: a progress bar and each step with its status. */
export function RunProgress({
  steps,
  label,
  stepLabel,
}: {
  steps: RunStep[];
  label: string;
  stepLabel(key: string): string;
}) {
  const { t, locale } = useI18n();
  const done = steps.filter((s) => s.status === 'done').length;
  const percent = Math.round((done / Math.max(1, steps.length)) * 100);
  return (
    <>
      <div
        className="progress-bar"
        role="progressbar"
        aria-label={label}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={percent}
      >
        <div style={{ width: `${percent}%` }} />
      </div>
      <ol className="progress-steps" aria-live="polite">
        {steps.map((step) => (
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
            <span className="step-label">{step.name?.[locale] ?? stepLabel(step.key)}</span>
            <span className="step-status">
              {step.status === 'pending' && step.attempts > 0
                ? t('activate.progress.retrying', { attempt: step.attempts + 1 })
                : t(`activate.progress.status.${step.status}`)}
            </span>
          </li>
        ))}
      </ol>
    </>
  );
}
