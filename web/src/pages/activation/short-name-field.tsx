import { useEffect, useId, useState } from 'react';
import { ApiError, customerApi } from '../../api.ts';
import type { Region, ShortNamePreview } from '../../api-types.ts';
import { useI18n } from '../../i18n.tsx';

export type PreviewState =
  | { status: 'checking' }
  | { status: 'ready'; preview: ShortNamePreview }
  | { status: 'invalid'; message: string }
  | { status: 'failed' };

/** Asks the server about a short name, debounced: the form calls it on every keystroke. */
export function useShortNamePreview(
  region: string,
  query: { company: string } | { shortName: string },
): PreviewState {
  const [state, setState] = useState<PreviewState>({ status: 'checking' });
  const serialized = JSON.stringify(query);
  useEffect(() => {
    setState({ status: 'checking' });
    const controller = { cancelled: false };
    const timer = setTimeout(async () => {
      const params = new URLSearchParams({ region, ...(JSON.parse(serialized) as Record<string, string>) });
      try {
        const preview = await customerApi<ShortNamePreview>('GET', `/api/v1/short-names/preview?${params}`);
        if (!controller.cancelled) setState({ status: 'ready', preview });
      } catch (error) {
        if (controller.cancelled) return;
        const field = error instanceof ApiError ? error.fieldErrors()['querystring.shortName'] : undefined;
        setState(field ? { status: 'invalid', message: field } : { status: 'failed' });
      }
    }, 300);
    return () => {
      controller.cancelled = true;
      clearTimeout(timer);
    };
  }, [region, serialized]);
  return state;
}

type Props = {
  regions: Region[];
  /** What the server said about the name shown (the form asks, so Next can wait on it). */
  state: PreviewState;
  mode: 'derived' | 'typed';
  typed: string;
  serverError: string | undefined;
  onChange(change: { mode?: 'derived' | 'typed'; typed?: string }): void;
};

/**
 * Whether Next may go on with this name. A typed name that is taken or reserved blocks until the
 * person takes the suggestion or types another: a short name can never change, so it is never
 * swapped silently. A derived one takes the next free number, as SPEC rule 4 says.
 */
export function shortNameBlocker(
  state: PreviewState,
  mode: 'derived' | 'typed',
): { kind: 'checking' } | { kind: 'invalid' } | { kind: 'unavailable'; suggestion: string } | undefined {
  if (mode === 'derived') return undefined;
  if (state.status === 'checking') return { kind: 'checking' };
  if (state.status === 'invalid') return { kind: 'invalid' };
  if (state.status === 'ready' && !state.preview.available) {
    return { kind: 'unavailable', suggestion: state.preview.suggestion };
  }
  return undefined;
}

/**
 * SPEC "Short name": derived live from the company name with its availability, a warning when
 * another region uses it, and the option to type another (taken → the next free suggestion).
 */
export function ShortNameField({ regions, state, mode, typed, serverError, onChange }: Props) {
  const { t, locale } = useI18n();
  const id = useId();
  const regionNames = (codes: string[]) =>
    codes.map((code) => regions.find((r) => r.code === code)?.name[locale] ?? code).join(', ');
  const preview = state.status === 'ready' ? state.preview : undefined;

  let status: React.ReactNode = null;
  if (state.status === 'checking')
    status = <span className="muted">{t('activate.details.shortNameChecking')}</span>;
  else if (state.status === 'invalid') status = <span className="field-error">{state.message}</span>;
  else if (preview?.available) {
    status = (
      <span className="ok">
        ✓{' '}
        {mode === 'derived'
          ? t('activate.details.shortNameDerived', { shortName: preview.shortName })
          : t('activate.details.shortNameAvailable', { shortName: preview.shortName })}
      </span>
    );
  } else if (preview) {
    const problem =
      preview.reason === 'reserved'
        ? t('activate.details.shortNameReserved', { shortName: preview.shortName })
        : t('activate.details.shortNameTaken', { shortName: preview.shortName });
    status =
      mode === 'derived' ? (
        <span>
          {problem}{' '}
          <strong>{t('activate.details.shortNameWillBe', { suggestion: preview.suggestion })}</strong>
        </span>
      ) : (
        <span className="field-error">
          {problem}{' '}
          <button
            type="button"
            className="link-button"
            onClick={() => onChange({ typed: preview.suggestion })}
          >
            {t('activate.details.useSuggestion', { suggestion: preview.suggestion })}
          </button>
        </span>
      );
  }

  return (
    <div className={serverError || state.status === 'invalid' ? 'field has-error' : 'field'}>
      {mode === 'typed' ? (
        <>
          <label htmlFor="field-shortName">{t('activate.details.shortName')}</label>
          <input
            id="field-shortName"
            name="shortName"
            autoComplete="off"
            spellCheck={false}
            maxLength={63}
            value={typed}
            aria-describedby={`${id}-hint ${id}-status`}
            aria-invalid={serverError || state.status === 'invalid' ? true : undefined}
            onChange={(event) => onChange({ typed: event.target.value })}
          />
        </>
      ) : (
        <span className="label" id={id}>
          {t('activate.details.shortName')}
        </span>
      )}
      <div id={`${id}-hint`} className="hint">
        {t('activate.details.shortNameHint')}
      </div>
      <div id={`${id}-status`} className="short-name-status" aria-live="polite">
        {status}
      </div>
      {preview && preview.existsInOtherRegions.length > 0 ? (
        <p className="warning">
          {t('activate.details.shortNameElsewhere', { regions: regionNames(preview.existsInOtherRegions) })}
        </p>
      ) : null}
      {serverError ? <div className="field-error">{serverError}</div> : null}
      <div>
        <button
          type="button"
          className="link-button"
          onClick={() =>
            onChange(
              mode === 'derived'
                ? { mode: 'typed', typed: typed || preview?.suggestion || '' }
                : { mode: 'derived' },
            )
          }
        >
          {mode === 'derived' ? t('activate.details.typeShortName') : t('activate.details.useDerived')}
        </button>
      </div>
    </div>
  );
}
