/** Shapes of the console's API answers (see /openapi.json). */
export type ProductLine = { sku: string; name: string; quantity: number };
export type SubscriptionStatus = 'pending' | 'activated' | 'cancelled';

export type Subscription = {
  id: string;
  status: SubscriptionStatus;
  company: string;
  contact: { name: string; email: string };
  locale: 'en' | 'ko';
  kind: 'trial' | 'paid';
  trialDays: number | null;
  currency: string | null;
  ratePlan: string | null;
  products: ProductLine[];
  createdAt: string;
  activatedAt: string | null;
  cancelledAt: string | null;
};

export type Email = {
  id: string;
  template: string;
  to: string;
  subject: string;
  status: 'queued' | 'sending' | 'sent' | 'failed' | 'undeliverable';
  attempts: number;
  lastError: string | null;
  createdAt: string;
  sentAt: string | null;
};

export type SubscriptionDetail = Subscription & {
  activationLink: {
    issuedAt: string;
    expiresAt: string;
    usedAt: string | null;
    state: 'live' | 'expired' | 'used';
    issuedCount: number;
  } | null;
  organization: { id: string; shortName: string; region: string; state: string } | null;
  emails: Email[];
  checks: { key: string; status: string; detail: string | null }[];
};

export type CatalogProduct = {
  sku: string;
  name: string;
  kind: 'base' | 'add-on';
  features: { key: string; name: { en: string; ko: string } }[];
};

export function productsText(products: ProductLine[]): string {
  return products.map((p) => `${p.name} × ${p.quantity}`).join(', ');
}

export type OrganizationDetail = {
  organization: {
    id: string;
    name: string;
    shortName: string;
    region: string;
    state: string;
    setup: string;
    verification: 'pending' | 'verified';
    activatedAt: string | null;
    loginUrl: string | null;
    verifiedAt: string | null;
    verifiedBy: { name: string; email: string } | null;
    verificationNotes: string | null;
    verificationOverride: boolean;
  };
  subscription: Subscription;
  runs: Record<
    'provisioning' | 'setup',
    {
      state: string;
      steps: {
        key: string;
        status: string;
        attempts: number;
        finishedAt: string | null;
        lastError: string | null;
        errorReference: string | null;
      }[];
    } | null
  >;
  checks: { key: string; status: 'passed' | 'failed'; detail: string | null; checkedAt: string }[];
  emails: Email[];
  people: {
    members: { id: string; email: string; firstName: string; lastName: string; role: 'admin' | 'user' }[];
    invitations: {
      id: string;
      email: string;
      role: 'admin' | 'user';
      status: 'pending' | 'accepted' | 'revoked' | 'expired';
    }[];
  };
  audit: {
    id: number;
    occurredAt: string;
    actorType: string;
    actorEmail: string | null;
    action: string;
    requestId: string | null;
    data: unknown;
  }[];
  timeline: { at: string; kind: string; label: string; detail: string | null }[];
};
