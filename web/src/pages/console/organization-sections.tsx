import type { OrganizationDetail } from '../../api-types.ts';
import { TableScroll } from '../../components/table-scroll.tsx';
import { formatDateTime, useI18n, useLabel } from '../../i18n.tsx';
import { AuditDetails } from './audit-details.tsx';

type TimelineEntry = OrganizationDetail['timeline'][number];

/** A timeline entry in words: "Provisioning: Administrator role granted — Done", not a code. */
function useTimelineText(): (entry: TimelineEntry) => string {
  const { t } = useI18n();
  const label = useLabel();
  return (entry) => {
    if (entry.kind === 'audit') return label(`label.audit.${entry.label}`, entry.label);
    if (entry.kind === 'event') {
      return t('label.timeline.event', { event: label(`label.event.${entry.label}`, entry.label) });
    }
    if (entry.kind === 'email') {
      const template = entry.label.replace(/^email\./, '').replace(/\.sent$/, '');
      return t('label.timeline.email', { email: label(`label.email.${template}`, template) });
    }
    const [run = '', ...rest] = entry.label.split('.');
    const status = rest.pop() ?? '';
    const step = rest.join('.');
    return t('label.timeline.step', {
      run: label(`org.run.${run}`, run),
      step: label(`label.stepName.${step}`, step),
      status: label(`label.step.${status}`, status),
    });
  };
}

export function TimelineSection({
  timeline,
  timeZone,
}: {
  timeline: OrganizationDetail['timeline'];
  /** The organization's region's zone: the times the customer lived through. */
  timeZone: string;
}) {
  const { t, locale } = useI18n();
  const text = useTimelineText();
  return (
    <section aria-labelledby="timeline-title">
      <h2 id="timeline-title">{t('org.timelineTitle')}</h2>
      <ol className="timeline">
        {timeline.map((entry, index) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: entries have no identity but their place in time
          <li key={index} className={`timeline-${entry.kind}`}>
            <time dateTime={entry.at}>{formatDateTime(locale, entry.at, timeZone)}</time>{' '}
            <span data-code={entry.label}>{text(entry)}</span>
            {entry.detail ? <span className="muted"> {entry.detail}</span> : null}
          </li>
        ))}
      </ol>
    </section>
  );
}

export function StepsSection({
  runs,
  onRetry,
  timeZone,
}: {
  runs: OrganizationDetail['runs'];
  timeZone: string;
  /** Present when the staff member may run a failed run again. */
  onRetry?: ((kind: 'provisioning' | 'setup') => void) | undefined;
}) {
  const { t, locale } = useI18n();
  const label = useLabel();
  return (
    <section aria-labelledby="steps-title">
      <h2 id="steps-title">{t('org.stepsTitle')}</h2>
      {(['provisioning', 'setup'] as const).map((kind) => {
        const run = runs[kind];
        return (
          <div key={kind}>
            <h3>
              {t(`org.run.${kind}`)}{' '}
              <span className="muted">
                {run ? label(`label.run.${run.state}`, run.state) : t('org.run.none')}
              </span>
            </h3>
            {run?.state === 'failed' && onRetry ? (
              <p>
                <button type="button" className="secondary" onClick={() => onRetry(kind)}>
                  {t('org.retryRun')}
                </button>
              </p>
            ) : null}
            {run ? (
              <TableScroll label={t(`org.run.${kind}`)}>
                <table>
                  <thead>
                    <tr>
                      <th scope="col">{t('org.col.step')}</th>
                      <th scope="col">{t('org.col.status')}</th>
                      <th scope="col">{t('org.col.attempts')}</th>
                      <th scope="col">{t('org.col.finished')}</th>
                      <th scope="col">{t('org.col.error')}</th>
                      <th scope="col">{t('org.col.answer')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {run.steps.map((s) => (
                      <tr key={s.key}>
                        <td>
                          {s.name ? s.name[locale] : label(`label.stepName.${s.key}`, s.key)}
                          {s.name ? (
                            <div className="muted">
                              <code>{s.key}</code> · {t('org.connector')}
                            </div>
                          ) : null}
                        </td>
                        <td>
                          {label(`label.step.${s.status}`, s.status)}
                          {s.status === 'waiting' && s.waitingUntil ? (
                            <div className="muted">
                              {t('org.waitingUntil', { date: new Date(s.waitingUntil) })}
                            </div>
                          ) : null}
                        </td>
                        <td>{s.attempts}</td>
                        <td>{s.finishedAt ? formatDateTime(locale, s.finishedAt, timeZone) : ''}</td>
                        <td>
                          {s.lastError ?? ''} {s.errorReference ? <code>{s.errorReference}</code> : null}
                        </td>
                        <td>
                          {s.responseStatus !== null ? <code>HTTP {s.responseStatus}</code> : null}
                          {s.statusUrl ? (
                            <div className="break-anywhere">
                              <code>{s.statusUrl}</code>
                            </div>
                          ) : null}
                          {s.response !== null && s.response !== undefined ? (
                            <pre className="response-body">{JSON.stringify(s.response, null, 2)}</pre>
                          ) : null}
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </TableScroll>
            ) : null}
          </div>
        );
      })}
    </section>
  );
}

export function AuditSection({
  organizationId,
  audit,
  canExport,
  timeZone,
}: {
  organizationId: string;
  timeZone: string;
  audit: OrganizationDetail['audit'];
  canExport: boolean;
}) {
  const { t, locale } = useI18n();
  const label = useLabel();
  return (
    <section aria-labelledby="audit-title">
      <div className="page-heading">
        <h2 id="audit-title">{t('org.auditTitle')}</h2>
        {canExport ? (
          <span className="row-actions">
            <a
              className="button secondary-link"
              href={`/api/v1/organizations/${organizationId}/audit?format=csv`}
              download
            >
              {t('org.exportCsv')}
            </a>
            <a
              className="button secondary-link"
              href={`/api/v1/organizations/${organizationId}/audit?format=jsonl`}
              download
            >
              {t('org.exportJsonl')}
            </a>
          </span>
        ) : null}
      </div>
      <TableScroll label={t('org.auditTitle')}>
        <table>
          <thead>
            <tr>
              <th scope="col">{t('org.col.time')}</th>
              <th scope="col">{t('org.col.actor')}</th>
              <th scope="col">{t('org.col.action')}</th>
              <th scope="col">{t('org.col.reference')}</th>
              <th scope="col">{t('org.col.data')}</th>
            </tr>
          </thead>
          <tbody>
            {audit.map((e) => (
              <tr key={e.id}>
                <td>{formatDateTime(locale, e.occurredAt, timeZone)}</td>
                <td>
                  {label(`label.actor.${e.actorType}`, e.actorType)}
                  {e.actorEmail ? (
                    <>
                      <br />
                      <span className="muted">{e.actorEmail}</span>
                    </>
                  ) : null}
                </td>
                <td>
                  {label(`label.audit.${e.action}`, e.action)}
                  <div className="muted">
                    <code>{e.action}</code>
                  </div>
                </td>
                <td>{e.requestId ? <code>{e.requestId}</code> : ''}</td>
                <td className="audit-data">
                  <AuditDetails data={e.data} timeZone={timeZone} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableScroll>
    </section>
  );
}
