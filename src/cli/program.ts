import { Command, InvalidArgumentError } from 'commander';

/** The `onramp` command; each command group registers itself on it. */
export const program = new Command('onramp')
  .description(
    'Onramp staff and operator command line. Uses DATABASE_URL, or the embedded database in DATA_DIR.',
  )
  .option('--json', 'print machine-readable JSON')
  .showHelpAfterError();

export const json = () => Boolean(program.opts().json);

/** An error the CLI explains in one line (no stack). */
export class CliError extends Error {}

export function parseInteger(value: string): number {
  const number = Number(value);
  if (!Number.isInteger(number)) throw new InvalidArgumentError('must be a whole number');
  return number;
}

export function assertUuid(value: string, what: string): void {
  if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(value)) {
    throw new CliError(`"${value}" is not ${what} (a UUID).`);
  }
}
