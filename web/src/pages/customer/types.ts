/** Shapes of the customer API (see /openapi.json). */
export type Me = {
  user: {
    id: string;
    email: string;
    firstName: string;
    lastName: string;
    role: 'admin' | 'user';
    locale: 'en' | 'ko';
    permissions: string[];
  };
  organization: {
    id: string;
    name: string;
    shortName: string;
    region: string;
    state: string;
    setup: 'pending' | 'running' | 'done' | 'failed';
    verification: 'pending' | 'verified';
    loginUrl: string | null;
  };
};

export type Invitation = {
  id: string;
  email: string;
  role: 'admin' | 'user';
  status: 'pending' | 'accepted' | 'revoked' | 'expired';
  createdAt: string;
  sentAt: string | null;
  expiresAt: string | null;
};

export type Overview = {
  organization: {
    id: string;
    name: string;
    shortName: string;
    region: string;
    regionName: { en: string; ko: string };
    loginUrl: string | null;
    setup: string;
    verification: 'pending' | 'verified';
  };
  products: {
    sku: string;
    name: string;
    quantity: number;
    features: { key: string; name: { en: string; ko: string }; enabled: boolean }[];
  }[];
  billing: {
    kind: 'trial' | 'paid';
    currency: string | null;
    ratePlan: string | null;
    startsOn: string;
    trialEndsAt: string | null;
    trialDaysLeft: number | null;
    quantities: { sku: string; name: string; quantity: number }[];
  } | null;
  people: {
    members: { id: string; email: string; firstName: string; lastName: string; role: 'admin' | 'user' }[];
    invitations: Invitation[];
  };
};

export type SetupProgress = {
  state: 'pending' | 'running' | 'done' | 'failed';
  steps: { key: string; status: 'pending' | 'running' | 'done' | 'failed'; attempts: number }[];
  organizationId: string;
  error: { step: string; reference: string } | null;
};
