import { useEffect, useState } from 'react';
import type { ActivationSummary } from '../../api-types.ts';
import type { WizardData } from './wizard-data.ts';

const key = (token: string) => `onramp.activation.${token.slice(0, 16)}`;

/**
 * What the admin typed, kept while moving between steps and across a reload of the page (in
 * this tab only). The password is never written to storage.
 */
export function useWizardData(token: string, summary: ActivationSummary | undefined) {
  const [data, setData] = useState<WizardData | undefined>();
  useEffect(() => {
    if (!summary || data) return;
    const blank: WizardData = {
      region: '',
      firstName: '',
      lastName: '',
      email: summary.contactEmail,
      password: '',
      companyName: summary.company,
      shortNameMode: 'derived',
      typedShortName: '',
      invitations: [],
    };
    let stored: Partial<WizardData> = {};
    try {
      stored = JSON.parse(window.sessionStorage.getItem(key(token)) ?? '{}') as Partial<WizardData>;
    } catch {
      stored = {};
    }
    setData({ ...blank, ...stored, password: '' });
  }, [summary, data, token]);
  useEffect(() => {
    if (!data) return;
    const { password: _password, ...rest } = data;
    window.sessionStorage.setItem(key(token), JSON.stringify(rest));
  }, [data, token]);
  return [data, setData] as const;
}

export function forgetWizardData(token: string): void {
  window.sessionStorage.removeItem(key(token));
}

/** The admin email typed in the wizard, for prefilling the login form once the organization is ready. */
export function storedWizardEmail(token: string): string | undefined {
  try {
    return (JSON.parse(window.sessionStorage.getItem(key(token)) ?? '{}') as Partial<WizardData>).email;
  } catch {
    return undefined;
  }
}
