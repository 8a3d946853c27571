import { createHash } from 'node:crypto';
import pg from 'pg';

/** Names of the statements prepared so far, by their text; past the cap, statements go unnamed. */
const names = new Map<string, string>();
const maxNames = 2000;

function nameOf(text: string): string | undefined {
  let name = names.get(text);
  if (name === undefined && names.size < maxNames) {
    name = `onramp_${createHash('sha1').update(text).digest('base64url')}`;
    names.set(text, name);
  }
  return name;
}

type QueryConfig = { text?: unknown; name?: unknown; values?: unknown };

/**
 * A connection that prepares each parameterized statement once, named after its text, and then
 * only binds and executes it: PostgreSQL parses it once per connection and can reuse its plan.
 * Parsing and planning every statement again was about a third of PostgreSQL's time per
 * activation. Statements without parameters (transactions, scripts) stay unnamed.
 */
export class PreparingClient extends pg.Client {
  // biome-ignore lint/suspicious/noExplicitAny: pg's query has a dozen overloads; this one only renames
  override query(config: any, values?: any, callback?: any): any {
    return super.query(named(config, values) as typeof config, values, callback);
  }
}

function named(config: unknown, values: unknown): unknown {
  // Only plain query configs: a submittable (a cursor, a stream) keeps its own prototype.
  if (typeof config !== 'object' || config === null || Object.getPrototypeOf(config) !== Object.prototype) {
    return config;
  }
  const query = config as QueryConfig;
  if (typeof query.text !== 'string' || query.name !== undefined) return config;
  const parameters = Array.isArray(values) ? values : query.values;
  if (!Array.isArray(parameters) || parameters.length === 0) return config;
  const name = nameOf(query.text);
  return name === undefined ? config : { ...query, name };
}
