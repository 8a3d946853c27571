import { createHmac } from 'node:crypto';
import type { AppContext } from '../context.ts';
import type { RunRow } from '../db/schema.ts';
import { signedHeaders, verifySignedMessage } from '../events/signing.ts';
import { productLines } from '../organization/events.ts';
import { findOrganizationWithSubscription, firstAdmin } from '../organization/queries.ts';
import { OutboundError, openPolicy, postJson } from '../outbound/request.ts';
import type { ExternalOutcome, ExternalStep } from '../runs/definitions.ts';
import type { Connector } from './config.ts';

/** A connector's answer is kept for staff up to this size. */
const responseLimit = 16 * 1024;
/** One call never holds a worker longer than this, whatever the callback wait. */
const maxCallSeconds = 30;

/** The stable key a receiver deduplicates one organization's step by, however often it is called. */
function idempotencyKey(organizationId: string, key: string): string {
  return `${organizationId}:${key}`;
}

function parseAnswer(body: string): unknown {
  if (body === '') return null;
  try {
    return JSON.parse(body);
  } catch {
    return { text: body };
  }
}

function messageOf(answer: unknown, status: number): string {
  if (answer && typeof answer === 'object') {
    const record = answer as Record<string, unknown>;
    const error = record.error;
    const candidates = [
      record.message,
      typeof error === 'string' ? error : (error as Record<string, unknown> | undefined)?.message,
      record.text,
    ];
    const found = candidates.find((c): c is string => typeof c === 'string' && c.trim() !== '');
    if (found) return found.slice(0, 500);
  }
  return `the receiver answered HTTP ${status}`;
}

/**
 * A connector as a run step: Onramp POSTs the organization's payload, signed like webhooks, with
 * an `Idempotency-Key` stable per organization and step. 2xx: done; 202: waits for the signed
 * callback; 4xx: fails with the receiver's message; 5xx, timeouts and network errors: thrown, so
 * the run retries with its backoff.
 */
export function connectorStep(connector: Connector): ExternalStep<AppContext> {
  const callTimeoutSeconds = Math.min(connector.timeoutSeconds, maxCallSeconds);
  const callbackToken = (run: RunRow) =>
    createHmac('sha256', connector.secret).update(`callback:${run.id}:${connector.key}`).digest('base64url');
  return {
    key: connector.key,
    name: connector.name,
    callTimeoutSeconds,
    timeoutSeconds: connector.timeoutSeconds,
    applies: (subject) =>
      (!connector.regions || connector.regions.includes(subject.region)) &&
      (!connector.products || subject.skus.some((sku) => connector.products?.includes(sku))),
    callbackToken,
    verifyCallback: (headers, body, now) => verifySignedMessage(connector.secret, headers, body, now),
    async call(ctx, run, attempt): Promise<ExternalOutcome> {
      const found = await findOrganizationWithSubscription(ctx.db, run.organizationId);
      if (!found) throw new Error(`organization ${run.organizationId} is missing`);
      const { organization, subscription } = found;
      const [products, admin] = await Promise.all([
        productLines(ctx.db, subscription.id),
        firstAdmin(ctx.db, organization.id),
      ]);
      const key = idempotencyKey(organization.id, connector.key);
      const now = ctx.now();
      const body = JSON.stringify({
        type: 'connector.step',
        timestamp: now.toISOString(),
        data: {
          step: connector.key,
          run: run.kind,
          attempt,
          idempotencyKey: key,
          callbackUrl: `${ctx.config.publicUrl}/api/v1/connector-callbacks/${callbackToken(run)}`,
          organization: {
            organizationId: organization.id,
            subscriptionId: subscription.id,
            name: organization.name,
            shortName: organization.shortName,
            region: organization.region,
            locale: organization.locale,
            timeZone: organization.timeZone,
          },
          subscription: {
            company: subscription.company,
            kind: subscription.kind,
            trialDays: subscription.trialDays,
            currency: subscription.currency,
            ratePlan: subscription.ratePlan,
          },
          products,
          admin: admin ? { email: admin.email, firstName: admin.firstName, lastName: admin.lastName } : null,
        },
      });
      let response: Awaited<ReturnType<typeof postJson>>;
      try {
        response = await postJson(
          connector.url,
          body,
          {
            ...signedHeaders([connector.secret], `step_${key.replace(':', '_')}`, body, now),
            'idempotency-key': key,
          },
          { timeoutMs: callTimeoutSeconds * 1000, maxBodyBytes: responseLimit, policy: openPolicy },
        );
      } catch (error) {
        if (error instanceof OutboundError) throw new Error(`${connector.name.en}: ${error.message}`);
        throw error;
      }
      const answer = parseAnswer(response.body);
      if (response.status === 202) {
        const statusUrl =
          answer &&
          typeof answer === 'object' &&
          typeof (answer as { statusUrl?: unknown }).statusUrl === 'string'
            ? ((answer as { statusUrl: string }).statusUrl.slice(0, 2000) ?? null)
            : null;
        return { kind: 'waiting', status: 202, response: answer, statusUrl };
      }
      if (response.status >= 200 && response.status < 300)
        return { kind: 'done', status: response.status, response: answer };
      if (response.status >= 500) {
        throw new Error(
          `${connector.name.en} answered HTTP ${response.status}: ${messageOf(answer, response.status)}`,
        );
      }
      return {
        kind: 'refused',
        status: response.status,
        response: answer,
        message: messageOf(answer, response.status),
      };
    },
  };
}
