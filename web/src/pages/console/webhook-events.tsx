import { eventTypes } from '../../../../src/events/catalog.ts';
import { useI18n } from '../../i18n.tsx';

/** The event types as checkboxes, with "Select all". */
export function EventChoice({ value, onChange }: { value: string[]; onChange(next: string[]): void }) {
  const { t } = useI18n();
  const all = value.length === eventTypes.length;
  return (
    <fieldset className="field event-choice">
      <legend>{t('webhooks.events')}</legend>
      <label className="checkbox">
        <input type="checkbox" checked={all} onChange={() => onChange(all ? [] : [...eventTypes])} />{' '}
        {t('webhooks.allEvents')}
      </label>
      <div className="event-grid">
        {eventTypes.map((type) => (
          <label key={type} className="checkbox">
            <input
              type="checkbox"
              name="events"
              value={type}
              checked={value.includes(type)}
              onChange={(event) =>
                onChange(event.target.checked ? [...value, type] : value.filter((v) => v !== type))
              }
            />{' '}
            <code>{type}</code>
          </label>
        ))}
      </div>
    </fieldset>
  );
}
