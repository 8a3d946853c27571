// A receiver for Onramp's events: node examples/webhook-receiver.ts
// Needs `npm install standardwebhooks` and the endpoint's secret (shown once when you add it).
import { createServer } from 'node:http';
import { Webhook } from 'standardwebhooks';

type OnrampEvent = { type: string; timestamp: string; data: Record<string, unknown> };

const secret = process.env.ONRAMP_WEBHOOK_SECRET;
if (!secret?.startsWith('whsec_'))
  throw new Error('Set ONRAMP_WEBHOOK_SECRET to the endpoint secret (whsec_…).');
const webhook = new Webhook(secret);
// Onramp may send an event again (same webhook-id) after a timeout: act on each id once.
// Keep these in your database; a Set forgets them on restart.
const handled = new Set<string>();

function handle(event: OnrampEvent): void {
  const { data } = event;
  switch (event.type) {
    case 'organization.provisioned':
      console.log(
        `provision ${data.shortName} (${data.organizationId}) in ${data.region}:`,
        JSON.stringify(data.products),
      );
      break;
    case 'organization.setup_completed':
      console.log(`bill ${data.shortName}:`, JSON.stringify(data.billing));
      break;
    case 'organization.verified':
      console.log(`${data.shortName} is live`);
      break;
    default:
      console.log(event.type, JSON.stringify(data));
  }
}

createServer((request, response) => {
  let body = '';
  request.setEncoding('utf8');
  request.on('data', (chunk: string) => {
    body += chunk;
  });
  request.on('end', () => {
    let event: OnrampEvent;
    try {
      // Checks the signature over the exact body, and refuses messages older than 5 minutes.
      event = webhook.verify(body, request.headers as Record<string, string>) as OnrampEvent;
    } catch {
      response.writeHead(401).end();
      return;
    }
    const id = String(request.headers['webhook-id']);
    if (!handled.has(id)) {
      handled.add(id);
      handle(event);
    }
    // Any 2xx means delivered; answer quickly and do slow work afterwards.
    response.writeHead(204).end();
  });
}).listen(Number(process.env.PORT ?? 4000), '127.0.0.1', () => {
  console.log(`listening on http://127.0.0.1:${process.env.PORT ?? 4000}`);
});
