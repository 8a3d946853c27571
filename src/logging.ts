import type { IncomingMessage } from 'node:http';
import pino, { type DestinationStream, type Logger } from 'pino';

/**
 * Activation and invitation links carry their secret in the path. Logs must never hold a usable
 * link: the token (43 characters; UUIDs, which are 36 and not secret, stay readable) is masked.
 */
export function redactLinkTokens(url: string): string {
  return url.replace(
    /(\/(?:activations|activate|invitations|reset-password|password-resets)\/)[A-Za-z0-9_-]{40,}/g,
    '$1[redacted]',
  );
}

/** The application's structured JSON logger (Fastify's, with the request serializer redacting). */
export function createLogger(level: string, destination?: DestinationStream): Logger {
  return pino(
    {
      level,
      serializers: {
        req(req: IncomingMessage & { ip?: string; host?: string }) {
          return {
            method: req.method,
            url: redactLinkTokens(req.url ?? ''),
            host: req.host,
            remoteAddress: req.ip,
          };
        },
      },
    },
    destination,
  );
}
