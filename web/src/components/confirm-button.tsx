import { type ReactNode, useState } from 'react';
import { useI18n } from '../i18n.tsx';

/**
 * An action that asks first: the button opens a short explanation with the action and Cancel,
 * for anything that sends email, removes data or cannot be undone.
 */
export function ConfirmButton({
  label,
  explanation,
  onConfirm,
  danger = false,
  secondary = false,
  disabled = false,
  children,
}: {
  label: string;
  explanation: string;
  onConfirm(): void | Promise<void>;
  danger?: boolean;
  secondary?: boolean;
  disabled?: boolean;
  children?: ReactNode;
}) {
  const { t } = useI18n();
  const [open, setOpen] = useState(false);
  if (!open) {
    return (
      <button
        type="button"
        className={secondary ? 'secondary' : undefined}
        disabled={disabled}
        onClick={() => setOpen(true)}
      >
        {label}
      </button>
    );
  }
  return (
    <fieldset className="confirm">
      <legend className="visually-hidden">{label}</legend>
      <p>{explanation}</p>
      {children}
      <button
        type="button"
        className={danger ? 'danger' : undefined}
        onClick={() => {
          setOpen(false);
          void onConfirm();
        }}
      >
        {label}
      </button>
      <button type="button" className="secondary" onClick={() => setOpen(false)}>
        {t('common.cancel')}
      </button>
    </fieldset>
  );
}
