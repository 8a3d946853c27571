import { useEffect, useState } from 'react';
import type { RunStep } from '../api-types.ts';
import { useI18n } from '../i18n.tsx';

/** How long each finished step's tick is shown before the next one, when the run was faster. */
const tickMs = 350;

/**
 * The steps as the person sees them: a run often finishes before the first frame, so finished
 * steps are revealed one tick at a time and `allShown` turns true after the last. A run seen
 * only after it finished (`instant`) is shown as it is.
 */
export function useRevealedSteps(
  steps: readonly RunStep[] | undefined,
  instant = false,
): { steps: RunStep[]; allShown: boolean } {
  const [shown, setShown] = useState(0);
  const done = steps?.filter((s) => s.status === 'done').length ?? 0;
  useEffect(() => {
    if (instant || shown >= done) return;
    const timer = setTimeout(() => setShown((n) => n + 1), tickMs);
    return () => clearTimeout(timer);
  }, [instant, shown, done]);
  if (!steps) return { steps: [], allShown: false };
  if (instant) return { steps: [...steps], allShown: true };
  let revealed = 0;
  const view = steps.map((step): RunStep => {
    if (step.status !== 'done') return step;
    revealed++;
    if (revealed <= shown) return step;
    // Not revealed yet: the first one is shown working, the rest waiting.
    return { ...step, status: revealed === shown + 1 ? 'running' : 'pending' };
  });
  return { steps: view, allShown: shown >= done };
}

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
