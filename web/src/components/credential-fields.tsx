import { TextField } from './field.tsx';

/** Email and password of a sign-in form (staff and customer), with the browser's autofill hints. */
export function CredentialFields({
  labels,
  email,
  password,
  onEmail,
  onPassword,
  errors,
}: {
  labels: { email: string; password: string };
  email: string;
  password: string;
  onEmail(value: string): void;
  onPassword(value: string): void;
  errors: Record<string, string>;
}) {
  return (
    <>
      <TextField
        label={labels.email}
        type="email"
        name="email"
        autoComplete="username"
        required
        value={email}
        onChange={(e) => onEmail(e.target.value)}
        error={errors.email}
      />
      <TextField
        label={labels.password}
        type="password"
        name="password"
        autoComplete="current-password"
        required
        value={password}
        onChange={(e) => onPassword(e.target.value)}
        error={errors.password}
      />
    </>
  );
}
