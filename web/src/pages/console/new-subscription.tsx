import { type FormEvent, useState } from 'react';
import { ApiError, staffApi } from '../../api.ts';
import type { CatalogProduct, Subscription, SubscriptionRequest } from '../../api-types.ts';
import { ErrorPanel } from '../../components/error-panel.tsx';
import { SelectField, TextField } from '../../components/field.tsx';
import { useI18n } from '../../i18n.tsx';
import { navigate } from '../../router.tsx';
import { useAsync } from '../../use-async.ts';
import { useSubmit } from '../../use-submit.ts';

const currencies = ['USD', 'EUR', 'GBP', 'KRW', 'JPY', 'AUD', 'CAD', 'BRL', 'INR'];

export function NewSubscription() {
  const { t, locale } = useI18n();
  const catalog = useAsync(
    () => staffApi<{ items: CatalogProduct[] }>('GET', '/api/v1/catalog/products'),
    [],
  );
  const [form, setForm] = useState({
    company: '',
    contactName: '',
    contactEmail: '',
    locale: 'en' as SubscriptionRequest['locale'],
    kind: 'trial' as SubscriptionRequest['kind'],
    trialDays: '30',
    currency: 'USD',
    ratePlan: '',
  });
  const [quantities, setQuantities] = useState<Record<string, string>>({});
  const { busy, error, run } = useSubmit();
  const set = (key: keyof typeof form) => (event: { target: { value: string } }) =>
    setForm((previous) => ({ ...previous, [key]: event.target.value }));

  const submit = (event: FormEvent) => {
    event.preventDefault();
    void run(async () => {
      const products = Object.entries(quantities).map(([sku, quantity]) => ({
        sku,
        quantity: Number(quantity),
      }));
      const request: SubscriptionRequest = {
        company: form.company,
        contact: { name: form.contactName, email: form.contactEmail },
        locale: form.locale,
        kind: form.kind,
        ...(form.kind === 'trial'
          ? { trialDays: Number(form.trialDays) }
          : { currency: form.currency, ratePlan: form.ratePlan }),
        products,
      };
      const created = await staffApi<Subscription>('POST', '/api/v1/subscriptions', request);
      navigate(`/console/subscriptions/${created.id}?created=1`);
    });
  };

  const fields = error instanceof ApiError ? error.fieldErrors() : {};
  const productError = Object.entries(fields).find(([path]) => path.startsWith('products'))?.[1];

  return (
    <div className="narrow">
      <h1>{t('subscriptionForm.title')}</h1>
      <p>{t('subscriptionForm.intro')}</p>
      {error ? <ErrorPanel error={error} /> : null}
      <form onSubmit={submit} noValidate>
        <TextField
          label={t('subscriptionForm.company')}
          name="company"
          required
          maxLength={200}
          value={form.company}
          onChange={set('company')}
          error={fields.company}
        />
        <TextField
          label={t('subscriptionForm.contactName')}
          name="contactName"
          required
          autoComplete="off"
          value={form.contactName}
          onChange={set('contactName')}
          error={fields['contact.name']}
        />
        <TextField
          label={t('subscriptionForm.contactEmail')}
          name="contactEmail"
          type="email"
          required
          autoComplete="off"
          value={form.contactEmail}
          onChange={set('contactEmail')}
          error={fields['contact.email']}
        />
        <SelectField
          label={t('subscriptionForm.locale')}
          name="locale"
          value={form.locale}
          onChange={set('locale')}
          error={fields.locale}
        >
          <option value="en">{t('common.locale.en')}</option>
          <option value="ko">{t('common.locale.ko')}</option>
        </SelectField>
        <fieldset className="field">
          <legend>{t('subscriptionForm.kind')}</legend>
          <div className="radio-row">
            {(['trial', 'paid'] as const).map((kind) => (
              <label key={kind} className="radio">
                <input
                  type="radio"
                  name="kind"
                  value={kind}
                  checked={form.kind === kind}
                  onChange={set('kind')}
                />
                {t(`kind.${kind}`)}
              </label>
            ))}
          </div>
        </fieldset>
        {form.kind === 'trial' ? (
          <TextField
            label={t('subscriptionForm.trialDays')}
            name="trialDays"
            type="number"
            min={1}
            max={90}
            inputMode="numeric"
            value={form.trialDays}
            onChange={set('trialDays')}
            error={fields.trialDays}
          />
        ) : (
          <>
            <SelectField
              label={t('subscriptionForm.currency')}
              name="currency"
              value={form.currency}
              onChange={set('currency')}
              error={fields.currency}
            >
              {currencies.map((c) => (
                <option key={c} value={c}>
                  {c}
                </option>
              ))}
            </SelectField>
            <TextField
              label={t('subscriptionForm.ratePlan')}
              name="ratePlan"
              required
              value={form.ratePlan}
              onChange={set('ratePlan')}
              error={fields.ratePlan}
            />
          </>
        )}
        <fieldset className={productError ? 'field has-error' : 'field'}>
          <legend>{t('subscriptionForm.products')}</legend>
          {catalog.error ? <ErrorPanel error={catalog.error} /> : null}
          <ul className="product-picker">
            {catalog.data?.items.map((product) => {
              const chosen = product.sku in quantities;
              return (
                <li key={product.sku}>
                  <label className="checkbox">
                    <input
                      type="checkbox"
                      name="product"
                      value={product.sku}
                      checked={chosen}
                      onChange={(event) =>
                        setQuantities((previous) => {
                          const next = { ...previous };
                          if (event.target.checked) next[product.sku] = '1';
                          else delete next[product.sku];
                          return next;
                        })
                      }
                    />
                    <span>
                      <strong>{product.name}</strong>
                      <span className="muted">
                        {' '}
                        · {product.features.map((f) => f.name[locale]).join(', ')}
                      </span>
                    </span>
                  </label>
                  {chosen ? (
                    <input
                      className="quantity"
                      type="number"
                      min={1}
                      inputMode="numeric"
                      aria-label={t('subscriptionForm.quantity', { product: product.name })}
                      value={quantities[product.sku]}
                      onChange={(event) =>
                        setQuantities((previous) => ({ ...previous, [product.sku]: event.target.value }))
                      }
                    />
                  ) : null}
                </li>
              );
            })}
          </ul>
          {productError ? (
            <div className="field-error">
              {Object.keys(quantities).length === 0 ? t('subscriptionForm.noProducts') : productError}
            </div>
          ) : null}
        </fieldset>
        <button type="submit" disabled={busy}>
          {t('subscriptionForm.submit')}
        </button>
      </form>
    </div>
  );
}
