import { ZodError } from 'zod';
import { ConfigError, loadConfig } from '../config.ts';
import { migrate } from '../db/migrate.ts';
import { isAppError } from '../errors.ts';
import { type MessageKey, translate } from '../i18n/index.ts';
import { databaseFor } from '../runtime.ts';
import { print } from './output.ts';
import { CliError, json, program } from './program.ts';
import './staff-commands.ts';
import './subscription-commands.ts';
import './organization-commands.ts';
import './webhook-commands.ts';

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

program.parseAsync(process.argv).catch((error: unknown) => {
  process.exitCode = 1;
  if (error instanceof ZodError) {
    const lines = error.issues.map((issue) => `  ${issue.path.join('.') || 'input'}: ${issue.message}`);
    process.stderr.write(`Invalid input:\n${lines.join('\n')}\n`);
  } else if (isAppError(error)) {
    const fields = (error.details?.fields ?? []) as { path: string; message: string }[];
    process.stderr.write(
      `${[
        `${error.code}: ${translate('en', `errors.${error.code}` as MessageKey, error.params)}`,
        ...fields.map((f) => `  ${f.path.replace(/^body\./, '')}: ${f.message}`),
      ].join('\n')}\n`,
    );
  } else if (error instanceof CliError || error instanceof ConfigError) {
    process.stderr.write(`${error.message}\n`);
  } else {
    process.stderr.write(`Failed: ${error instanceof Error ? error.message : String(error)}\n`);
  }
});
