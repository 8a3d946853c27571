/** Shapes of the activation API (see /openapi.json). */
export type ActivationSummary = {
  company: string;
  contactName: string;
  contactEmail: string;
  locale: 'en' | 'ko';
  kind: 'trial' | 'paid';
  trialDays: number | null;
  currency: string | null;
  ratePlan: string | null;
  products: { sku: string; name: string; quantity: number; features: string[] }[];
  features: string[];
  expiresAt: string;
  status: 'pending';
};

export type ProgressStep = {
  key: string;
  status: 'pending' | 'running' | 'done' | 'failed';
  attempts: number;
};

export type ActivationProgress = {
  state: 'pending' | 'provisioning' | 'ready' | 'failed';
  steps: ProgressStep[];
  organizationId: string | null;
  shortName: string | null;
  region: string | null;
  loginUrl: string | null;
  error: { step: string; reference: string } | null;
};

export type Region = { code: string; name: { en: string; ko: string }; loginUrl: string; timeZone: string };

export type Invitee = { email: string; role: 'user' | 'admin' };

export type WizardData = {
  region: string;
  firstName: string;
  lastName: string;
  email: string;
  password: string;
  companyName: string;
  shortNameMode: 'derived' | 'typed';
  typedShortName: string;
  invitations: Invitee[];
};

export type FieldErrors = Record<string, string>;

export const wizardSteps = ['region', 'details', 'invite', 'review'] as const;
export type WizardStep = (typeof wizardSteps)[number];

export function isEmail(value: string): boolean {
  return /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(value.trim());
}
