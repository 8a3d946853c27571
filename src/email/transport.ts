import nodemailer from 'nodemailer';
import type { Config } from '../config.ts';
import type { Db } from '../db/client.ts';
import { insertMailboxMessage } from './queries.ts';

type OutgoingMessage = {
  outboxId: string;
  to: string;
  subject: string;
  text: string;
  html: string;
};

/** Where delivered mail goes: a real SMTP server, or the embedded default's local mailbox. */
export type MailTransport = {
  kind: 'smtp' | 'mailbox';
  deliver(db: Db, message: OutgoingMessage): Promise<void>;
  close(): void;
};

export function createMailTransport(config: Pick<Config, 'smtpUrl' | 'smtpFrom'>): MailTransport {
  if (!config.smtpUrl) return localMailbox();
  // Bounded so one exchange always ends before its claim on the message does (emailClaimMs).
  const transporter = nodemailer.createTransport({
    url: config.smtpUrl,
    connectionTimeout: 10_000,
    greetingTimeout: 10_000,
    socketTimeout: 25_000,
  });
  const domain = /@([^>\s]+)/.exec(config.smtpFrom)?.[1] ?? 'onramp.localhost';
  return {
    kind: 'smtp',
    async deliver(_db, message) {
      await transporter.sendMail({
        from: config.smtpFrom,
        to: message.to,
        subject: singleLine(message.subject),
        text: message.text,
        html: message.html,
        // Stable per outbox row: if a crash makes us send again, receivers can tell it is the same mail.
        messageId: `<${message.outboxId}@${domain}>`,
      });
    },
    close() {
      transporter.close();
    },
  };
}

function localMailbox(): MailTransport {
  return {
    kind: 'mailbox',
    async deliver(db, message) {
      await insertMailboxMessage(db, {
        outboxId: message.outboxId,
        toAddress: message.to,
        subject: singleLine(message.subject),
        textBody: message.text,
        htmlBody: message.html,
      });
    },
    close() {},
  };
}

/** Header values never carry line breaks, whatever a company name contains. */
function singleLine(value: string): string {
  return value.replace(/[\r\n\u2028\u2029]+/g, ' ').trim();
}
