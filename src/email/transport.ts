import nodemailer from 'nodemailer';
import type { Config } from '../config.ts';
import type { MailboxMessage } from './queries.ts';

type OutgoingMessage = {
  outboxId: string;
  to: string;
  subject: string;
  text: string;
  html: string;
};

/**
 * What a delivery leaves to the statement that marks the message sent: the local mailbox is a
 * table of this database, so its row is written there, and a message is in the mailbox exactly
 * when it is marked sent (one statement, no round trip of its own).
 */
export type Delivered = { mailbox?: MailboxMessage };

/** Where delivered mail goes: a real SMTP server, or the embedded default's local mailbox. */
export type MailTransport = {
  kind: 'smtp' | 'mailbox';
  deliver(message: OutgoingMessage): Promise<Delivered>;
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
    async deliver(message) {
      await transporter.sendMail({
        from: config.smtpFrom,
        to: message.to,
        subject: singleLine(message.subject),
        text: message.text,
        html: message.html,
        // Stable per outbox row: if a crash makes us send again, receivers can tell it is the same mail.
        messageId: `<${message.outboxId}@${domain}>`,
      });
      return {};
    },
    close() {
      transporter.close();
    },
  };
}

function localMailbox(): MailTransport {
  return {
    kind: 'mailbox',
    async deliver(message) {
      return {
        mailbox: {
          outboxId: message.outboxId,
          toAddress: message.to,
          subject: singleLine(message.subject),
          textBody: message.text,
          htmlBody: message.html,
        },
      };
    },
    close() {},
  };
}

/** Header values never carry line breaks, whatever a company name contains. */
function singleLine(value: string): string {
  return value.replace(/[\r\n\u2028\u2029]+/g, ' ').trim();
}
