import { InvalidArgumentError, Option } from 'commander';
import { subscriptionInput, subscriptionStatuses } from '../subscriptions/schemas.ts';
import {
  cancelSubscription,
  createSubscription,
  listSubscriptions,
  resendActivationEmail,
} from '../subscriptions/service.ts';
import { print, table } from './output.ts';
import { assertUuid, json, parseInteger, program } from './program.ts';
import { withCliContext } from './session.ts';

const subscription = program.command('subscription').description('subscriptions');

subscription
  .command('create')
  .description('create a subscription and queue its activation email')
  .requiredOption('--company <name>', 'company name')
  .requiredOption('--contact-name <name>', 'contact name')
  .requiredOption('--contact-email <email>', 'contact email (receives the activation email)')
  .addOption(new Option('--locale <locale>', 'email language').choices(['en', 'ko']).default('en'))
  .option('--trial-days <days>', 'a trial of this many days (1–90)', parseInteger)
  .option('--currency <code>', 'paid: ISO 4217 currency, e.g. USD')
  .option('--rate-plan <plan>', 'paid: rate plan')
  .option('--product <sku:quantity>', 'a product and its quantity; repeat for more', collectProducts, [])
  .action(
    async (options: {
      company: string;
      contactName: string;
      contactEmail: string;
      locale: string;
      trialDays?: number;
      currency?: string;
      ratePlan?: string;
      product: { sku: string; quantity: number }[];
    }) => {
      const input = subscriptionInput.parse({
        company: options.company,
        contact: { name: options.contactName, email: options.contactEmail },
        locale: options.locale,
        kind: options.currency || options.ratePlan ? 'paid' : 'trial',
        trialDays: options.trialDays,
        currency: options.currency,
        ratePlan: options.ratePlan,
        products: options.product,
      });
      await withCliContext(async (ctx, origin) => {
        const { subscription: created, activation } = await createSubscription(ctx, input, origin);
        const result = { ...created, activationLink: { expiresAt: activation.expiresAt } };
        print(json(), result, () =>
          [
            `Created subscription ${created.id} for ${created.company}.`,
            `Activation email queued to ${created.contact.email}; the link expires ${activation.expiresAt.toISOString()}.`,
          ].join('\n'),
        );
      });
    },
  );

subscription
  .command('list')
  .description('list subscriptions, newest first')
  .addOption(new Option('--status <status>', 'only this status').choices(subscriptionStatuses))
  .option('--q <text>', 'search company, contact or ID')
  .option('--limit <n>', 'how many (1–100)', parseInteger, 25)
  .action(async (options: { status?: (typeof subscriptionStatuses)[number]; q?: string; limit: number }) => {
    await withCliContext(async (ctx) => {
      const page = await listSubscriptions(ctx, {
        ...(options.status ? { status: options.status } : {}),
        ...(options.q ? { q: options.q } : {}),
        limit: Math.min(Math.max(options.limit, 1), 100),
      });
      print(json(), page, () =>
        page.items.length === 0
          ? 'No subscriptions.'
          : table(
              ['ID', 'COMPANY', 'CONTACT', 'KIND', 'STATUS', 'CREATED'],
              page.items.map((s) => [
                s.id,
                s.company,
                s.contact.email,
                s.kind === 'trial' ? `trial ${s.trialDays}d` : `paid ${s.currency}`,
                s.status,
                s.createdAt.toISOString(),
              ]),
            ),
      );
    });
  });

subscription
  .command('resend')
  .description('issue a new activation link (the old one stops working) and queue the email')
  .argument('<id>', 'subscription ID')
  .action(async (id: string) => {
    assertUuid(id, 'a subscription ID');
    await withCliContext(async (ctx, origin) => {
      const { activation: _secret, ...result } = await resendActivationEmail(ctx, id, origin);
      print(
        json(),
        result,
        () =>
          `New activation email queued; the link expires ${result.activationLink.expiresAt.toISOString()}.`,
      );
    });
  });

subscription
  .command('cancel')
  .description('cancel a subscription that is not activated yet (its link then says so)')
  .argument('<id>', 'subscription ID')
  .option('--reason <text>', 'why, for the audit trail')
  .action(async (id: string, options: { reason?: string }) => {
    assertUuid(id, 'a subscription ID');
    await withCliContext(async (ctx, origin) => {
      const result = await cancelSubscription(ctx, id, options.reason, origin);
      print(json(), result, () => `Subscription ${result.id} is cancelled.`);
    });
  });

function collectProducts(value: string, previous: { sku: string; quantity: number }[]) {
  const match = /^([a-z0-9-]+):(\d+)$/.exec(value.trim());
  if (!match?.[1] || !match[2]) throw new InvalidArgumentError('use sku:quantity, e.g. cx-2:10');
  return [...previous, { sku: match[1], quantity: Number(match[2]) }];
}
