import type { OrganizationDetail } from '../../api-types.ts';
import { formatDateTime, useI18n } from '../../i18n.tsx';

export function TimelineSection({ timeline }: { timeline: OrganizationDetail['timeline'] }) {
  const { t, locale } = useI18n();
  return (
    <section aria-labelledby="timeline-title">
      <h2 id="timeline-title">{t('org.timelineTitle')}</h2>
      <ol className="timeline">
        {timeline.map((entry, index) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: entries have no identity but their place in time
          <li key={index} className={`timeline-${entry.kind}`}>
            <time dateTime={entry.at}>{formatDateTime(locale, entry.at)}</time> <code>{entry.label}</code>
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
}: {
  runs: OrganizationDetail['runs'];
  /** Present when the staff member may run a failed run again. */
  onRetry?: ((kind: 'provisioning' | 'setup') => void) | undefined;
}) {
  const { t, locale } = useI18n();
  return (
    <section aria-labelledby="steps-title">
      <h2 id="steps-title">{t('org.stepsTitle')}</h2>
      {(['provisioning', 'setup'] as const).map((kind) => {
        const run = runs[kind];
        return (
          <div key={kind}>
            <h3>
              {t(`org.run.${kind}`)} <span className="muted">{run ? run.state : t('org.run.none')}</span>
            </h3>
            {run?.state === 'failed' && onRetry ? (
              <p>
                <button type="button" className="secondary" onClick={() => onRetry(kind)}>
                  {t('org.retryRun')}
                </button>
              </p>
            ) : null}
            {run ? (
              <div className="table-scroll">
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
                          {s.name ? s.name[locale] : s.key}
                          {s.name ? (
                            <div className="muted">
                              <code>{s.key}</code> · {t('org.connector')}
                            </div>
                          ) : null}
                        </td>
                        <td>
                          {s.status}
                          {s.status === 'waiting' && s.waitingUntil ? (
                            <div className="muted">
                              {t('org.waitingUntil', { date: new Date(s.waitingUntil) })}
                            </div>
                          ) : null}
                        </td>
                        <td>{s.attempts}</td>
                        <td>{s.finishedAt ? formatDateTime(locale, s.finishedAt) : ''}</td>
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
              </div>
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
}: {
  organizationId: string;
  audit: OrganizationDetail['audit'];
  canExport: boolean;
}) {
  const { t, locale } = useI18n();
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
      <div className="table-scroll">
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
                <td>{formatDateTime(locale, e.occurredAt)}</td>
                <td>
                  {e.actorType}
                  {e.actorEmail ? (
                    <>
                      <br />
                      <span className="muted">{e.actorEmail}</span>
                    </>
                  ) : null}
                </td>
                <td>
                  <code>{e.action}</code>
                </td>
                <td>{e.requestId ? <code>{e.requestId}</code> : ''}</td>
                <td className="audit-data">{JSON.stringify(e.data)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
