import { InvalidArgumentError } from 'commander';
import { eventTypes } from '../events/catalog.ts';
import { deliveriesQuery, endpointInput, endpointPatch } from '../webhooks/schemas.ts';
import {
  changeEndpoint,
  createEndpoint,
  getEndpoint,
  listDeliveries,
  listEndpoints,
  removeEndpoint,
  retryDelivery,
  rotateSecret,
  sendTestEvent,
} from '../webhooks/service.ts';
import { print, table } from './output.ts';
import { assertUuid, json, parseInteger, program } from './program.ts';
import { withCliContext } from './session.ts';

const webhooks = program.command('webhooks').description('webhook endpoints: where signed events go');

/** `--events all`, or a comma-separated list of event types. */
function parseEvents(value: string): string[] {
  if (value === 'all') return [...eventTypes];
  const list = value
    .split(',')
    .map((v) => v.trim())
    .filter(Boolean);
  const unknown = list.filter((type) => !(eventTypes as readonly string[]).includes(type));
  if (unknown.length) {
    throw new InvalidArgumentError(
      `unknown event type ${unknown.join(', ')}; known: all, ${eventTypes.join(', ')}`,
    );
  }
  return list;
}

function parseEnabled(value: string): boolean {
  if (value === 'yes' || value === 'true') return true;
  if (value === 'no' || value === 'false') return false;
  throw new InvalidArgumentError('must be yes or no');
}

webhooks
  .command('list')
  .description('every endpoint, newest first')
  .action(async () => {
    await withCliContext(async (ctx) => {
      const items = await listEndpoints(ctx);
      print(json(), { items }, () =>
        items.length === 0
          ? 'No webhook endpoints.'
          : table(
              ['ID', 'URL', 'STATE', 'EVENTS', 'DELIVERED', 'PENDING', 'FAILED'],
              items.map((e) => [
                e.id,
                e.url,
                e.enabled ? 'enabled' : `disabled (${e.disabledReason ?? 'manual'})`,
                String(e.events.length),
                String(e.deliveries.succeeded),
                String(e.deliveries.pending),
                String(e.deliveries.failed),
              ]),
            ),
      );
    });
  });

webhooks
  .command('create')
  .description('register an endpoint; prints its signing secret once')
  .requiredOption('--url <url>', 'where events are POSTed')
  .requiredOption('--events <types>', '"all" or a comma-separated list of event types', parseEvents)
  .option('--description <text>', 'what it is for')
  .action(async (options: { url: string; events: string[]; description?: string }) => {
    const input = endpointInput.parse(options);
    await withCliContext(async (ctx, origin) => {
      const created = await createEndpoint(ctx, input, origin);
      print(json(), created, () =>
        [
          `Registered endpoint ${created.id} for ${created.url} (${created.events.length} event types).`,
          `Signing secret (shown only now): ${created.secret}`,
        ].join('\n'),
      );
    });
  });

webhooks
  .command('show')
  .description('one endpoint')
  .argument('<id>', 'endpoint ID')
  .action(async (id: string) => {
    assertUuid(id, 'an endpoint ID');
    await withCliContext(async (ctx) => {
      const e = await getEndpoint(ctx, id);
      print(json(), e, () =>
        [
          `${e.url}  ${e.enabled ? 'enabled' : `disabled (${e.disabledReason ?? 'manual'})`}`,
          `  Events      ${e.events.join(', ')}`,
          `  Deliveries  ${e.deliveries.succeeded} delivered, ${e.deliveries.pending} pending, ${e.deliveries.failed} failed`,
          ...(e.failingSince ? [`  Failing since ${e.failingSince.toISOString()}`] : []),
        ].join('\n'),
      );
    });
  });

webhooks
  .command('update')
  .description('change the URL, the events, or enable/disable an endpoint')
  .argument('<id>', 'endpoint ID')
  .option('--url <url>', 'a new URL')
  .option('--events <types>', '"all" or a comma-separated list of event types', parseEvents)
  .option('--enabled <yes|no>', 'enable or disable', parseEnabled)
  .option('--description <text>', 'a new description')
  .action(
    async (
      id: string,
      options: { url?: string; events?: string[]; enabled?: boolean; description?: string },
    ) => {
      assertUuid(id, 'an endpoint ID');
      const patch = endpointPatch.parse(options);
      await withCliContext(async (ctx, origin) => {
        const e = await changeEndpoint(ctx, id, patch, origin);
        print(json(), e, () => `Updated ${e.id}: ${e.url}, ${e.enabled ? 'enabled' : 'disabled'}.`);
      });
    },
  );

webhooks
  .command('delete')
  .description('remove an endpoint and its delivery log')
  .argument('<id>', 'endpoint ID')
  .action(async (id: string) => {
    assertUuid(id, 'an endpoint ID');
    await withCliContext(async (ctx, origin) => {
      await removeEndpoint(ctx, id, origin);
      print(json(), { id, deleted: true }, () => `Deleted endpoint ${id}.`);
    });
  });

webhooks
  .command('rotate-secret')
  .description('a new signing secret; the old one keeps signing for 24 hours')
  .argument('<id>', 'endpoint ID')
  .action(async (id: string) => {
    assertUuid(id, 'an endpoint ID');
    await withCliContext(async (ctx, origin) => {
      const rotated = await rotateSecret(ctx, id, origin);
      print(json(), rotated, () =>
        [
          `New signing secret (shown only now): ${rotated.secret}`,
          `The previous secret also signs until ${rotated.previousSecretValidUntil.toISOString()}.`,
        ].join('\n'),
      );
    });
  });

webhooks
  .command('test')
  .description('send a webhook.test event to an endpoint (the running server delivers it)')
  .argument('<id>', 'endpoint ID')
  .action(async (id: string) => {
    assertUuid(id, 'an endpoint ID');
    await withCliContext(async (ctx, origin) => {
      const sent = await sendTestEvent(ctx, id, origin);
      print(json(), sent, () => `Queued test event ${sent.eventId} (delivery ${sent.deliveryId}).`);
    });
  });

webhooks
  .command('deliveries')
  .description('an endpoint’s delivery log, newest first')
  .argument('<id>', 'endpoint ID')
  .option('--status <status>', 'pending, delivering, succeeded or failed')
  .option('--limit <n>', 'how many (1–100)', parseInteger, 25)
  .action(async (id: string, options: { status?: string; limit: number }) => {
    assertUuid(id, 'an endpoint ID');
    const query = deliveriesQuery.parse(options);
    await withCliContext(async (ctx) => {
      const page = await listDeliveries(ctx, id, query);
      print(json(), page, () =>
        page.items.length === 0
          ? 'No deliveries.'
          : table(
              ['ID', 'EVENT', 'STATUS', 'ATTEMPTS', 'ANSWER', 'MS', 'LAST ATTEMPT'],
              page.items.map((d) => [
                d.id,
                d.eventType,
                d.status,
                String(d.attempts),
                d.responseStatus !== null ? String(d.responseStatus) : (d.lastError ?? ''),
                d.latencyMs !== null ? String(d.latencyMs) : '',
                d.lastAttemptAt?.toISOString() ?? '',
              ]),
            ),
      );
    });
  });

webhooks
  .command('retry')
  .description('send a delivery again (same webhook-id)')
  .argument('<delivery-id>', 'delivery ID')
  .action(async (id: string) => {
    assertUuid(id, 'a delivery ID');
    await withCliContext(async (ctx, origin) => {
      const retried = await retryDelivery(ctx, id, origin);
      print(json(), retried, () => `Delivery ${id} queued to send again.`);
    });
  });
