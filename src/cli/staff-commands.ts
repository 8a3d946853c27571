import { randomBytes } from 'node:crypto';
import { InvalidArgumentError, Option } from 'commander';
import { type StaffRole, staffAccess } from '../security/access.ts';
import { checkPassword } from '../security/password-policy.ts';
import { listApiTokens, mintStaffApiToken, revokeApiToken } from '../staff/api-tokens.ts';
import { findStaffByEmail } from '../staff/queries.ts';
import { createStaffUser, setStaffPassword } from '../staff/service.ts';
import { apiTokenPolicy } from '../staff/token-policy.ts';
import { print } from './output.ts';
import { CliError, json, program } from './program.ts';
import { withCliContext } from './session.ts';

const staff = program.command('staff').description('staff accounts');

staff
  .command('create')
  .description('create a staff account (prints a generated password unless --password is given)')
  .requiredOption('--email <email>', 'sign-in email')
  .option('--name <name>', 'display name')
  .option('--password <password>', 'password (default: generated and printed once)')
  .addOption(
    new Option('--roles <roles>', `comma-separated roles: ${staffAccess.roles.join(', ')}`)
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
  .description('set a staff account password (roles unchanged); ends its sessions and revokes its API tokens')
  .argument('<email>', 'sign-in email')
  .option('--password <password>', 'new password (default: generated and printed once)')
  .action(async (email: string, options: { password?: string }) => {
    const password = options.password ?? generatedPassword();
    assertStrongPassword(password);
    await withCliContext(async (ctx, origin) => {
      const done = await setStaffPassword(ctx, email, password, origin);
      print(json(), { ...done, ...(options.password ? {} : { password }) }, () =>
        [
          `Password of ${done.email} set; ${done.sessionsEnded} session(s) ended, ${done.tokensRevoked} API token(s) revoked.`,
          options.password ? '' : `Password: ${password}  (shown once)`,
        ]
          .filter(Boolean)
          .join('\n'),
      );
    });
  });

const tokens = staff.command('tokens').description('staff API tokens (Authorization: Bearer …)');

tokens
  .command('create')
  .description('create an API token for a staff account (shown once)')
  .requiredOption('--email <email>', 'the staff account the token acts as')
  .requiredOption('--name <name>', 'what the token is for')
  .option(
    '--roles <roles>',
    'comma-separated roles, the account’s or fewer (default: all of its roles)',
    parseRoles,
  )
  .option(
    '--days <days>',
    `days until it expires (1–${apiTokenPolicy.maxDays}, default ${apiTokenPolicy.defaultDays})`,
    parseDays,
  )
  .action(async (options: { email: string; name: string; roles?: StaffRole[]; days?: number }) => {
    await withCliContext(async (ctx, origin) => {
      const user = await findStaffByEmail(ctx.db, options.email);
      if (!user) throw new CliError(`No staff account ${options.email}.`);
      const token = await mintStaffApiToken(
        ctx,
        user,
        { name: options.name, roles: options.roles, expiresInDays: options.days },
        origin,
      );
      print(
        json(),
        token,
        () =>
          `API token "${token.name}" for ${user.email} (${token.roles.join(', ')}), expires ${token.expiresAt.toISOString()}:\n${token.token}\n(shown once)`,
      );
    });
  });

tokens
  .command('list')
  .description('every API token, newest first')
  .option('--email <email>', 'only this staff account’s')
  .action(async (options: { email?: string }) => {
    await withCliContext(async (ctx) => {
      const { items } = await listApiTokens(ctx, { id: '', roles: ['admin'] }, true);
      const shown = options.email
        ? items.filter((t) => t.owner.email.toLowerCase() === options.email?.toLowerCase())
        : items;
      print(json(), shown, () =>
        shown.length
          ? shown
              .map(
                (t) =>
                  `${t.id}  ${t.status.padEnd(7)}  ${t.owner.email}  "${t.name}"  ${t.roles.join(',')}  expires ${t.expiresAt.toISOString()}`,
              )
              .join('\n')
          : 'No API tokens.',
      );
    });
  });

tokens
  .command('revoke')
  .description('revoke an API token at once')
  .argument('<id>', 'the token ID (from `staff tokens list`)')
  .action(async (id: string) => {
    if (!/^[0-9a-f-]{36}$/i.test(id)) throw new CliError('The token ID is a UUID; see `staff tokens list`.');
    await withCliContext(async (ctx, origin) => {
      await revokeApiToken(ctx, { id: '', roles: ['admin'] }, id, origin);
      print(json(), { id, revoked: true }, () => `Revoked API token ${id}.`);
    });
  });

function parseDays(value: string): number {
  const days = Number(value);
  if (!Number.isInteger(days) || days < 1 || days > apiTokenPolicy.maxDays) {
    throw new InvalidArgumentError(`a whole number of days from 1 to ${apiTokenPolicy.maxDays}`);
  }
  return days;
}

function parseRoles(value: string): StaffRole[] {
  const roles = value.split(',').map((role) => role.trim());
  const unknown = roles.filter((role) => !staffAccess.isRole(role));
  if (unknown.length || roles.length === 0) {
    throw new InvalidArgumentError(
      `unknown role(s) ${unknown.join(', ')}; use ${staffAccess.roles.join(', ')}`,
    );
  }
  return roles as StaffRole[];
}

function generatedPassword(): string {
  return `${randomBytes(12).toString('base64url')}-Aa1!`;
}

function assertStrongPassword(password: string): void {
  const failed = checkPassword(password);
  if (failed.length) throw new CliError(`The password breaks these rules: ${failed.join(', ')}.`);
}
