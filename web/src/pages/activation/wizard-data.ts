/** What the activation wizard collects, step by step, before it submits. */
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
