import { randomBytes } from 'node:crypto';
import { InvalidArgumentError, Option } from 'commander';
import { type StaffRole, staffAccess } from '../security/access.ts';
import { checkPassword } from '../security/password-policy.ts';
import { findStaffByEmail } from '../staff/queries.ts';
import { createStaffApiToken, createStaffUser, ensureStaffAccount } from '../staff/service.ts';
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
