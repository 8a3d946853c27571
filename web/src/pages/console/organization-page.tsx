import { useState } from 'react';
import { staffApi } from '../../api.ts';
import type { OrganizationDetail } from '../../api-types.ts';
import { ErrorPanel } from '../../components/error-panel.tsx';
import { formatDateTime, personName, useI18n } from '../../i18n.tsx';
import { Link } from '../../router.tsx';
import { useAsync } from '../../use-async.ts';
import { useStaff } from './console-layout.tsx';
import { EmailTable } from './email-table.tsx';
import { AuditSection, StepsSection, TimelineSection } from './organization-sections.tsx';
import { SignOff } from './sign-off.tsx';

/** The page's sections, for its "on this page" links: heading id and title. */
const sections = [
  ['checks-title', 'org.checksTitle'],
  ['signoff-title', 'org.signOffTitle'],
  ['timeline-title', 'org.timelineTitle'],
  ['steps-title', 'org.stepsTitle'],
  ['emails-title', 'org.emailsTitle'],
  ['people-title', 'org.peopleTitle'],
  ['audit-title', 'org.auditTitle'],
] as const;

/** One organization for CX and support: checks and sign-off, timeline, steps, emails, people, audit. */
export function OrganizationPage({ id }: { id: string }) {
  const { t, locale } = useI18n();
  const staff = useStaff();
  const detail = useAsync(() => staffApi<OrganizationDetail>('GET', `/api/v1/organizations/${id}`), [id]);
  const [notice, setNotice] = useState<string>();
  const [actionError, setActionError] = useState<unknown>();
  const roles = staff?.roles ?? [];
  const can = (...allowed: string[]) => roles.some((r) => allowed.includes(r));

  if (detail.error) return <ErrorPanel error={detail.error} organizationId={id} />;
  const d = detail.data;
  if (!d) return <p aria-live="polite">{t('common.loading')}</p>;
  const o = d.organization;

  const act = async (work: () => Promise<unknown>, message: string) => {
    setActionError(undefined);
    setNotice(undefined);
    try {
      await work();
      setNotice(message);
      detail.reload();
    } catch (caught) {
      setActionError(caught);
    }
  };

  return (
    <>
      <div className="page-heading">
        <h1>{o.name}</h1>
        <span className={`badge ${o.verification === 'verified' ? 'badge-activated' : 'badge-pending'}`}>
          {t(`label.verification.${o.verification}`)}
        </span>
      </div>
      <div role="status" aria-live="polite">
        {notice ? <p className="notice">{notice}</p> : null}
      </div>
      {actionError ? <ErrorPanel error={actionError} organizationId={o.id} /> : null}
      <nav aria-label={t('org.sections')} className="section-nav">
        {sections
          .filter(([id]) => id !== 'signoff-title' || o.verification === 'verified' || can('cx', 'admin'))
          .map(([id, key]) => (
            <a key={id} href={`#${id}`}>
              {t(key)}
            </a>
          ))}
      </nav>
      <dl className="facts">
        <dt>{t('common.organizationId')}</dt>
        <dd>
          <code>{o.id}</code>
        </dd>
        <dt>{t('home.shortName')}</dt>
        <dd>
          <code>{o.shortName}</code> · {o.regionName[locale]}
        </dd>
        <dt>{t('org.state')}</dt>
        <dd>
          {t(`label.orgState.${o.state}`)} · {t('org.setup')}: {t(`label.setup.${o.setup}`)}
        </dd>
        <dt>{t('org.loginUrl')}</dt>
        <dd>{o.loginUrl}</dd>
        <dt>{t('org.subscription')}</dt>
        <dd>
          <Link href={`/console/subscriptions/${d.subscription.id}`}>{d.subscription.company}</Link> ·{' '}
          {d.subscription.contact.name} &lt;
          {d.subscription.contact.email}&gt;
        </dd>
        {o.activatedAt ? (
          <>
            <dt>{t('org.created')}</dt>
            <dd>{formatDateTime(locale, o.activatedAt, o.timeZone)}</dd>
          </>
        ) : null}
      </dl>

      <section aria-labelledby="checks-title">
        <div className="page-heading">
          <h2 id="checks-title">{t('org.checksTitle')}</h2>
          {can('cx', 'admin') ? (
            <button
              type="button"
              className="secondary"
              onClick={() =>
                act(() => staffApi('POST', `/api/v1/organizations/${o.id}/checks`), t('org.rerunChecks'))
              }
            >
              {t('org.rerunChecks')}
            </button>
          ) : null}
        </div>
        {d.checks.length === 0 ? (
          <p className="empty">{t('org.checksNone')}</p>
        ) : (
          <ul className="check-list">
            {d.checks.map((c) => (
              <li key={c.key} className={c.status}>
                <span aria-hidden="true">{c.status === 'passed' ? '✓' : '✗'}</span>{' '}
                <strong>{t(`org.check.${c.key}` as Parameters<typeof t>[0])}</strong> —{' '}
                {t(`org.check.${c.status}`)}
                {c.detail ? <div className="muted">{c.detail}</div> : null}
              </li>
            ))}
          </ul>
        )}
      </section>

      <SignOff
        organization={o}
        checks={d.checks}
        canVerify={can('cx', 'admin')}
        onVerified={(message) => act(async () => {}, message)}
      />
      <TimelineSection timeline={d.timeline} timeZone={o.timeZone} />
      <StepsSection
        runs={d.runs}
        timeZone={o.timeZone}
        onRetry={
          can('cx', 'admin')
            ? (kind) =>
                act(
                  () => staffApi('POST', `/api/v1/organizations/${o.id}/runs/${kind}/retry`),
                  t('org.runRetried'),
                )
            : undefined
        }
      />
      <section aria-labelledby="emails-title">
        <h2 id="emails-title">{t('org.emailsTitle')}</h2>
        <EmailTable
          emails={d.emails}
          timeZone={o.timeZone}
          onResend={
            can('cx', 'admin')
              ? (email) =>
                  act(
                    () => staffApi('POST', `/api/v1/emails/${email.id}/resend`),
                    t('org.emailResent', { subject: email.subject }),
                  )
              : undefined
          }
        />
      </section>
      <section aria-labelledby="people-title">
        <h2 id="people-title">{t('org.peopleTitle')}</h2>
        <ul className="plain">
          {d.people.members.map((m) => (
            <li key={m.id}>
              {personName(locale, m)} &lt;{m.email}&gt; · {t(`home.role.${m.role}`)}
            </li>
          ))}
          {d.people.invitations.map((i) => (
            <li key={i.id} className="muted">
              {i.email} · {t(`home.role.${i.role}`)} · {t(`home.invitationStatus.${i.status}`)}
            </li>
          ))}
        </ul>
      </section>
      <AuditSection
        organizationId={o.id}
        audit={d.audit}
        canExport={can('cx', 'support', 'admin')}
        timeZone={o.timeZone}
      />
    </>
  );
}
