import { writeFile } from 'node:fs/promises';
import { Option } from 'commander';
import type { AppContext } from '../context.ts';
import { exportAuditTrail, organizationDetail, retryRun, searchOrganizations } from '../support/service.ts';
import { runChecks, verifyOrganization } from '../verification/service.ts';
import { print, table } from './output.ts';
import { CliError, json, program } from './program.ts';
import { withCliContext } from './session.ts';

/** An Organization ID, or a short name (with --region when it exists in several regions). */
async function resolveOrganization(
  ctx: AppContext,
  key: string,
  region: string | undefined,
): Promise<string> {
  if (/^[0-9a-f-]{36}$/i.test(key)) return key;
  const matches = (await searchOrganizations(ctx, key, region)).filter(
    (o) => o.shortName === key.toLowerCase(),
  );
  if (matches.length === 0)
    throw new CliError(`No organization has the short name ${key}${region ? ` in ${region}` : ''}.`);
  if (matches.length > 1) {
    throw new CliError(
      `${key} exists in several regions (${matches.map((m) => m.region).join(', ')}); add --region.`,
    );
  }
  return (matches[0] as { id: string }).id;
}

const org = program.command('org').description('organizations: look up, check, verify');

org
  .command('show')
  .description('show an organization: subscription, steps, checks, emails, people, timeline')
  .argument('<id-or-short-name>', 'Organization ID, or short name')
  .option('--region <region>', 'the region, when the short name exists in several')
  .action(async (key: string, options: { region?: string }) => {
    await withCliContext(async (ctx) => {
      const detail = await organizationDetail(ctx, await resolveOrganization(ctx, key, options.region));
      const o = detail.organization;
      print(json(), detail, () =>
        [
          `${o.name}  (${o.shortName}, ${o.region})`,
          `  Organization ID  ${o.id}`,
          `  State            ${o.state}; setup ${o.setup}; verification ${o.verification}`,
          `  Subscription     ${detail.subscription.id} (${detail.subscription.kind}, contact ${detail.subscription.contact.email})`,
          '',
          'Checks',
          table(
            ['CHECK', 'STATUS', 'DETAIL'],
            detail.checks.map((c) => [c.key, c.status, c.detail ?? '']),
          ),
          '',
          'Emails',
          table(
            ['TEMPLATE', 'TO', 'STATUS', 'ATTEMPTS'],
            detail.emails.map((e) => [e.template, e.to, e.status, String(e.attempts)]),
          ),
          '',
          'Timeline',
          ...detail.timeline.map(
            (t) => `  ${t.at.toISOString()}  ${t.label}${t.detail ? `  (${t.detail})` : ''}`,
          ),
        ].join('\n'),
      );
    });
  });

org
  .command('checks')
  .description('run the automated checks again and show them')
  .argument('<id-or-short-name>', 'Organization ID, or short name')
  .option('--region <region>', 'the region, when the short name exists in several')
  .action(async (key: string, options: { region?: string }) => {
    await withCliContext(async (ctx, origin) => {
      const checks = await runChecks(ctx, await resolveOrganization(ctx, key, options.region), origin);
      print(json(), { checks }, () =>
        table(
          ['CHECK', 'STATUS', 'DETAIL'],
          checks.map((c) => [c.key, c.status, c.detail ?? '']),
        ),
      );
      if (checks.some((c) => c.status === 'failed')) process.exitCode = 2;
    });
  });

org
  .command('verify')
  .description('sign off: sends "Thank you…" then "Welcome to Onramp" to the admin')
  .argument('<id-or-short-name>', 'Organization ID, or short name')
  .option('--region <region>', 'the region, when the short name exists in several')
  .option('--notes <text>', 'notes for the record')
  .option('--override', 'sign off although a check fails (notes required)')
  .action(async (key: string, options: { region?: string; notes?: string; override?: boolean }) => {
    await withCliContext(async (ctx, origin) => {
      const id = await resolveOrganization(ctx, key, options.region);
      const result = await verifyOrganization(
        ctx,
        id,
        { notes: options.notes, override: options.override },
        origin,
      );
      print(
        json(),
        { organizationId: id, alreadyVerified: result.alreadyVerified, checks: result.checks },
        () =>
          result.alreadyVerified
            ? `${result.organization.shortName} was already verified; nothing sent.`
            : `${result.organization.shortName} is verified. The closing emails are queued (the running server delivers them).`,
      );
    });
  });

org
  .command('retry-run')
  .description('run a failed provisioning or setup again from the step that failed')
  .argument('<id-or-short-name>', 'Organization ID, or short name')
  .addOption(new Option('--run <kind>', 'which run').choices(['provisioning', 'setup']).makeOptionMandatory())
  .option('--region <region>', 'the region, when the short name exists in several')
  .action(async (key: string, options: { run: 'provisioning' | 'setup'; region?: string }) => {
    await withCliContext(async (ctx, origin) => {
      const id = await resolveOrganization(ctx, key, options.region);
      const result = await retryRun(ctx, id, options.run, origin);
      print(
        json(),
        result,
        () => `The ${options.run} run of ${id} runs again (the running server works it).`,
      );
    });
  });

const audit = program.command('audit').description('audit trails');

audit
  .command('export')
  .description("export an organization's audit trail")
  .argument('<id-or-short-name>', 'Organization ID, or short name')
  .option('--region <region>', 'the region, when the short name exists in several')
  .addOption(new Option('--format <format>', 'output format').choices(['csv', 'jsonl']).default('jsonl'))
  .option('--output <file>', 'write to this file instead of standard output')
  .action(async (key: string, options: { region?: string; format: 'csv' | 'jsonl'; output?: string }) => {
    await withCliContext(async (ctx) => {
      const id = await resolveOrganization(ctx, key, options.region);
      const file = await exportAuditTrail(ctx, id, options.format);
      if (options.output) {
        await writeFile(options.output, file.body);
        process.stderr.write(`Wrote ${file.events} events to ${options.output}\n`);
      } else {
        process.stdout.write(file.body);
      }
    });
  });
