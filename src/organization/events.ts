import { findProduct, productName } from '../catalog/products.ts';
import type { Db } from '../db/client.ts';
import type { OrganizationRow } from '../db/schema.ts';
import type { EventType } from '../events/catalog.ts';
import { type EventContext, recordEvent } from '../events/record.ts';
import { productsOfOne } from '../subscriptions/queries.ts';

/** What every organization event carries: who it is, where it lives, where it stands. */
function organizationData(organization: OrganizationRow) {
  return {
    organizationId: organization.id,
    subscriptionId: organization.subscriptionId,
    name: organization.name,
    shortName: organization.shortName,
    region: organization.region,
    locale: organization.locale,
    state: organization.state,
    setup: organization.setup,
    verification: organization.verification,
  };
}

/** The subscribed products with their quantities and the features each turns on: what a receiver provisions. */
export async function productLines(tx: Db, subscriptionId: string) {
  const lines = await productsOfOne(tx, subscriptionId);
  return lines.map((line) => ({
    sku: line.sku,
    name: productName(line.sku),
    quantity: line.quantity,
    features: findProduct(line.sku)?.features ?? [],
  }));
}

/** Records an organization event in the caller's transaction, with the organization's data and `extra`. */
export async function recordOrganizationEvent(
  tx: Db,
  ctx: EventContext,
  type: EventType,
  organization: OrganizationRow,
  extra: Record<string, unknown> = {},
): Promise<void> {
  await recordEvent(tx, ctx, {
    type,
    subscriptionId: organization.subscriptionId,
    organizationId: organization.id,
    data: { ...organizationData(organization), ...extra },
  });
}
