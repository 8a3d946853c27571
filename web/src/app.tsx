import type { ReactNode } from 'react';
import { ActivationPage } from './pages/activation/activation-page.tsx';
import { ActivationRequest } from './pages/activation-request.tsx';
import { ApiTokensPage } from './pages/console/api-tokens.tsx';
import { ConsoleLayout } from './pages/console/console-layout.tsx';
import { NewSubscription } from './pages/console/new-subscription.tsx';
import { OrganizationPage } from './pages/console/organization-page.tsx';
import { SearchResults } from './pages/console/search-results.tsx';
import { StaffSignIn } from './pages/console/sign-in.tsx';
import { SsoCallback } from './pages/console/sso-callback.tsx';
import { SubscriptionDetail } from './pages/console/subscription-detail.tsx';
import { SubscriptionList } from './pages/console/subscription-list.tsx';
import { VerificationQueue } from './pages/console/verification-queue.tsx';
import { WebhookEndpointPage } from './pages/console/webhook-endpoint.tsx';
import { WebhooksPage } from './pages/console/webhooks.tsx';
import { CustomerLayout } from './pages/customer/customer-layout.tsx';
import { HomePage } from './pages/customer/home.tsx';
import { InvitationPage } from './pages/customer/invitation.tsx';
import { ForgotOrganizationPage, LoginPage } from './pages/customer/login.tsx';
import { ForgotPasswordPage, ResetPasswordPage } from './pages/customer/password-reset.tsx';
import { SetupPage } from './pages/customer/setup.tsx';
import { Home, NotFound } from './pages/home.tsx';
import { Mailbox } from './pages/mailbox.tsx';
import { matchPath, useLocation } from './router.tsx';

type Route = { path: string; render(params: Record<string, string>): ReactNode };

/** Every page of the app, in one table. */
const routes: Route[] = [
  { path: '/', render: () => <Home /> },
  { path: '/activate', render: () => <ActivationRequest /> },
  { path: '/activate/:token', render: (p) => <ActivationPage token={p.token ?? ''} /> },
  { path: '/mailbox', render: () => <Mailbox /> },
  { path: '/login', render: () => <LoginPage /> },
  { path: '/login/forgot-organization', render: () => <ForgotOrganizationPage /> },
  { path: '/login/forgot-password', render: () => <ForgotPasswordPage /> },
  { path: '/reset-password/:token', render: (p) => <ResetPasswordPage token={p.token ?? ''} /> },
  { path: '/invitations/:token', render: (p) => <InvitationPage token={p.token ?? ''} /> },
  {
    path: '/setup',
    render: () => (
      <CustomerLayout>
        <SetupPage />
      </CustomerLayout>
    ),
  },
  {
    path: '/home',
    render: () => (
      <CustomerLayout>
        <HomePage />
      </CustomerLayout>
    ),
  },
  { path: '/console/sign-in', render: () => <StaffSignIn /> },
  { path: '/console/sso/callback', render: () => <SsoCallback /> },
  {
    path: '/console',
    render: () => (
      <ConsoleLayout>
        <SubscriptionList />
      </ConsoleLayout>
    ),
  },
  {
    path: '/console/subscriptions/new',
    render: () => (
      <ConsoleLayout>
        <NewSubscription />
      </ConsoleLayout>
    ),
  },
  {
    path: '/console/verification',
    render: () => (
      <ConsoleLayout>
        <VerificationQueue />
      </ConsoleLayout>
    ),
  },
  {
    path: '/console/search',
    render: () => (
      <ConsoleLayout>
        <SearchResults />
      </ConsoleLayout>
    ),
  },
  {
    path: '/console/organizations/:id',
    render: (p) => (
      <ConsoleLayout>
        <OrganizationPage id={p.id ?? ''} />
      </ConsoleLayout>
    ),
  },
  {
    path: '/console/api-tokens',
    render: () => (
      <ConsoleLayout>
        <ApiTokensPage />
      </ConsoleLayout>
    ),
  },
  {
    path: '/console/webhooks',
    render: () => (
      <ConsoleLayout>
        <WebhooksPage />
      </ConsoleLayout>
    ),
  },
  {
    path: '/console/webhooks/:id',
    render: (p) => (
      <ConsoleLayout>
        <WebhookEndpointPage id={p.id ?? ''} />
      </ConsoleLayout>
    ),
  },
  {
    path: '/console/subscriptions/:id',
    render: (p) => (
      <ConsoleLayout>
        <SubscriptionDetail id={p.id ?? ''} />
      </ConsoleLayout>
    ),
  },
];

export function App() {
  const { path } = useLocation();
  for (const route of routes) {
    const params = matchPath(route.path, path);
    if (params) return <>{route.render(params)}</>;
  }
  return <NotFound />;
}
