import { randomBytes } from 'node:crypto';
import { Command, InvalidArgumentError, Option } from 'commander';
import { ZodError } from 'zod';
import { ConfigError, loadConfig } from '../config.ts';
import { migrate } from '../db/migrate.ts';
import { isAppError } from '../errors.ts';
import { type MessageKey, translate } from '../i18n/index.ts';
import { databaseFor } from '../runtime.ts';
import { checkPassword } from '../security/password-policy.ts';
import { isStaffRole, type StaffRole, staffRoles } from '../staff/permissions.ts';
import { findStaffByEmail } from '../staff/queries.ts';
import { createStaffApiToken, createStaffUser, ensureStaffAccount } from '../staff/service.ts';
import { subscriptionInput, subscriptionStatuses } from '../subscriptions/schemas.ts';
import { createSubscription, listSubscriptions, resendActivationEmail } from '../subscriptions/service.ts';
import { print, table } from './output.ts';
import { withCliContext } from './session.ts';

const program = new Command('onramp')
  .description(
    'Onramp staff and operator command line. Uses DATABASE_URL, or the embedded database in DATA_DIR.',
  )
  .option('--json', 'print machine-readable JSON')
  .showHelpAfterError();

const json = () => Boolean(program.opts().json);

program
  .command('migrate')
  .description('apply pending database migrations')
  .action(async () => {
    const database = await databaseFor(loadConfig());
    try {
      const applied = await migrate(database);
      print(json(), { applied }, () =>
        applied.length
          ? `Applied ${applied.length} migration(s): ${applied.join(', ')}`
          : 'Database is up to date.',
      );
    } finally {
      await database.close();
    }
  });

const staff = program.command('staff').description('staff accounts');

staff
  .command('create')
  .description('create a staff account (prints a generated password unless --password is given)')
  .requiredOption('--email <email>', 'sign-in email')
  .option('--name <name>', 'display name')
  .option('--password <password>', 'password (default: generated and printed once)')
  .addOption(
    new Option('--roles <roles>', `comma-separated roles: ${staffRoles.join(', ')}`)
      .default(['admin'])
      .argParser(parseRoles),
  )
  .action(async (options: { email: string; name?: string; password?: string; roles: StaffRole[] }) => {
    const password = options.password ?? generatedPassword();
    assertStrongPassword(password);
    await withCliContext(async (ctx, origin) => {
      const user = await createStaffUser(
        ctx,
        {
          email: options.email,
          name: options.name ?? options.email.split('@')[0] ?? options.email,
          password,
          roles: options.roles,
        },
        origin,
      );
      print(json(), { ...user, ...(options.password ? {} : { password }) }, () =>
        [
          `Created staff account ${user.email} with roles ${user.roles.join(', ')}.`,
          options.password ? '' : `Password: ${password}  (shown once)`,
        ]
          .filter(Boolean)
          .join('\n'),
      );
    });
  });

staff
  .command('set-password')
  .description('set a staff account password and give it every role (creates the account if missing)')
  .argument('<email>', 'sign-in email')
  .option('--password <password>', 'new password (default: generated and printed once)')
  .action(async (email: string, options: { password?: string }) => {
    const password = options.password ?? generatedPassword();
    assertStrongPassword(password);
    await withCliContext(async (ctx) => {
      const { created } = await ensureStaffAccount(ctx, email, password);
      print(
        json(),
        { email, created, ...(options.password ? {} : { password }) },
        () =>
          `${created ? 'Created' : 'Updated'} ${email}.${options.password ? '' : ` Password: ${password}  (shown once)`}`,
      );
    });
  });

staff
  .command('token')
  .description('create an API token for scripts (Authorization: Bearer …)')
  .requiredOption('--email <email>', 'the staff account the token acts as')
  .requiredOption('--name <name>', 'what the token is for')
  .action(async (options: { email: string; name: string }) => {
    await withCliContext(async (ctx, origin) => {
      const user = await findStaffByEmail(ctx.db, options.email);
      if (!user) throw new CliError(`No staff account ${options.email}.`);
      const token = await createStaffApiToken(ctx, user.id, options.name, origin);
      print(
        json(),
        token,
        () => `API token "${token.name}" for ${user.email}:\n${token.token}\n(shown once)`,
      );
    });
  });

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
    if (!/^[0-9a-f-]{36}$/i.test(id)) throw new CliError(`"${id}" is not a subscription ID (a UUID).`);
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

class CliError extends Error {}

function parseInteger(value: string): number {
  const number = Number(value);
  if (!Number.isInteger(number)) throw new InvalidArgumentError('must be a whole number');
  return number;
}

function parseRoles(value: string): StaffRole[] {
  const roles = value.split(',').map((role) => role.trim());
  const unknown = roles.filter((role) => !isStaffRole(role));
  if (unknown.length || roles.length === 0) {
    throw new InvalidArgumentError(`unknown role(s) ${unknown.join(', ')}; use ${staffRoles.join(', ')}`);
  }
  return roles as StaffRole[];
}

function collectProducts(value: string, previous: { sku: string; quantity: number }[]) {
  const match = /^([a-z0-9-]+):(\d+)$/.exec(value.trim());
  if (!match?.[1] || !match[2]) throw new InvalidArgumentError('use sku:quantity, e.g. cx-2:10');
  return [...previous, { sku: match[1], quantity: Number(match[2]) }];
}

function generatedPassword(): string {
  return `${randomBytes(12).toString('base64url')}-Aa1!`;
}

function assertStrongPassword(password: string): void {
  const failed = checkPassword(password);
  if (failed.length) throw new CliError(`The password breaks these rules: ${failed.join(', ')}.`);
}

program.parseAsync(process.argv).catch((error: unknown) => {
  process.exitCode = 1;
  if (error instanceof ZodError) {
    const lines = error.issues.map((issue) => `  ${issue.path.join('.') || 'input'}: ${issue.message}`);
    process.stderr.write(`Invalid input:\n${lines.join('\n')}\n`);
  } else if (isAppError(error)) {
    process.stderr.write(
      `${error.code}: ${translate('en', `errors.${error.code}` as MessageKey, error.params)}\n`,
    );
  } else if (error instanceof CliError || error instanceof ConfigError) {
    process.stderr.write(`${error.message}\n`);
  } else {
    process.stderr.write(`Failed: ${error instanceof Error ? error.message : String(error)}\n`);
  }
});
