import { type InputHTMLAttributes, type ReactNode, type SelectHTMLAttributes, useId } from 'react';

type FieldProps = { label: string; error?: string | undefined; hint?: ReactNode };

type ControlProps = { id: string; 'aria-invalid': true | undefined; 'aria-describedby': string | undefined };

/**
 * A label, the control it names, and the hint and error announced with it (aria-describedby,
 * unless the caller describes the control otherwise).
 */
function Field({
  label,
  error,
  hint,
  id: given,
  control,
}: FieldProps & { id: string | undefined; control: (props: ControlProps) => ReactNode }) {
  const generated = useId();
  const id = given ?? generated;
  const described =
    [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined;
  return (
    <div className={error ? 'field has-error' : 'field'}>
      <label htmlFor={id}>{label}</label>
      {control({ id, 'aria-invalid': error ? true : undefined, 'aria-describedby': described })}
      {hint && (
        <div id={`${id}-hint`} className="hint">
          {hint}
        </div>
      )}
      {error && (
        <div id={`${id}-error`} className="field-error">
          {error}
        </div>
      )}
    </div>
  );
}

export function TextField({
  label,
  error,
  hint,
  ...input
}: FieldProps & InputHTMLAttributes<HTMLInputElement>) {
  return (
    <Field
      label={label}
      error={error}
      hint={hint}
      id={input.id}
      control={(control) => <input {...control} {...input} id={control.id} />}
    />
  );
}

export function SelectField({
  label,
  error,
  hint,
  children,
  ...select
}: FieldProps & SelectHTMLAttributes<HTMLSelectElement>) {
  return (
    <Field
      label={label}
      error={error}
      hint={hint}
      id={select.id}
      control={(control) => (
        <select {...control} {...select} id={control.id}>
          {children}
        </select>
      )}
    />
  );
}
