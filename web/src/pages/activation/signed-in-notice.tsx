import { type ReactNode, useState } from 'react';
import { customerApi, staffApi } from '../../api.ts';
import { useI18n } from '../../i18n.tsx';
import { useAsync } from '../../use-async.ts';

type Sessions = {
  customer?: { email: string; organization: string; shortName: string };
  staff?: { email: string };
};

async function currentSessions(): Promise<Sessions> {
  const [customer, staff] = await Promise.all([
    customerApi<{ user: { email: string }; organization: { name: string; shortName: string } }>(
      'GET',
      '/api/v1/me',
    ).catch(() => undefined),
    staffApi<{ email: string }>('GET', '/api/v1/staff/me').catch(() => undefined),
  ]);
  return {
    ...(customer
      ? {
          customer: {
            email: customer.user.email,
            organization: customer.organization.name,
            shortName: customer.organization.shortName,
          },
        }
      : {}),
    ...(staff ? { staff: { email: staff.email } } : {}),
  };
}

/**
 * The help article's prerequisite: log out of any organization in this browser before
 * activating a new one. While signed in, the notice names the account and offers "Log out".
 */
export function SignedInGate({ children }: { children: ReactNode }) {
  const { t } = useI18n();
  const sessions = useAsync(currentSessions, []);
  const [busy, setBusy] = useState(false);
  if (sessions.loading && !sessions.data) return <p aria-live="polite">{t('common.loading')}</p>;
  const { customer, staff } = sessions.data ?? {};
  if (!customer && !staff) return <>{children}</>;

  const logOut = async () => {
    setBusy(true);
    await Promise.all([
      customer ? customerApi('DELETE', '/api/v1/sessions/current').catch(() => {}) : undefined,
      staff ? staffApi('DELETE', '/api/v1/staff/sessions/current').catch(() => {}) : undefined,
    ]);
    setBusy(false);
    sessions.reload();
  };

  return (
    <section className="notice-panel" aria-labelledby="signed-in-title">
      <h2 id="signed-in-title">{t('activate.signedIn.title')}</h2>
      {customer ? (
        <p>
          {t('activate.signedIn.customer', {
            organization: customer.organization,
            shortName: customer.shortName,
            email: customer.email,
          })}
        </p>
      ) : null}
      {staff ? <p>{t('activate.signedIn.staff', { email: staff.email })}</p> : null}
      <button type="button" onClick={logOut} disabled={busy}>
        {t('activate.signedIn.logOut')}
      </button>
    </section>
  );
}
