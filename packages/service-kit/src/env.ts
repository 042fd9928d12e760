import type { Static, TObject, TSchema } from 'typebox';
import Value from 'typebox/value';
import { secretProblem } from './secret.js';

/** Adds one problem to the list a service reports when it refuses to start. */
export type Problem = (message: string) => void;

/**
 * Reads a service's environment once at start-up against its schema (a TypeBox object of variables: string,
 * integer, list, boolean; `default`, `minimum`/`maximum`, `description`), hands the typed values to `build`
 * (which turns them into the config and adds its cross-field problems), and throws one ConfigError listing
 * every problem, so a misconfigured service reports all of them at once and refuses to start. An empty
 * variable counts as unset. A bad value is reported and replaced by its default, so `build` always runs.
 */
export function loadConfig<S extends TObject, C extends object>(
  schema: S,
  env: NodeJS.ProcessEnv,
  build: (vars: Static<S>, problem: Problem) => C,
): Readonly<C> {
  const problems: string[] = [];
  const problem: Problem = (message) => problems.push(message);
  const required = new Set(schema.required as string[] | undefined);
  const vars: Record<string, unknown> = {};
  for (const [name, varSchema] of Object.entries(schema.properties as Record<string, EnvVarSchema>)) {
    vars[name] = readVariable(name, varSchema, env[name], required.has(name), problem);
  }
  const config = build(vars as Static<S>, problem);
  if (problems.length) throw new ConfigError(problems);
  return Object.freeze(config);
}

/** The keywords of a variable's schema the reader looks at (`secret` is ours: see secret.ts). */
type EnvVarSchema = TSchema & { type: 'string' | 'integer' | 'boolean' | 'array'; default?: unknown; minimum?: number; maximum?: number; secret?: true };

function readVariable(name: string, schema: EnvVarSchema, value: string | undefined, required: boolean, problem: Problem): unknown {
  // A secret is taken as written: every service and Janus must see the same bytes.
  const raw = schema.secret ? value : value?.trim();
  const fallback = 'default' in schema ? Value.Clone(schema.default) : undefined;
  if (schema.secret && (raw || required)) {
    const weak = secretProblem(name, raw ?? '');
    if (weak) problem(weak);
  }
  if (!raw) {
    if (required && fallback === undefined && !schema.secret) problem(`${name} is required`);
    return fallback ?? (required ? '' : undefined);
  }
  const parsed = parse(schema, raw);
  if (!Value.Check(schema, parsed)) {
    problem(`${name} must be ${expected(schema)}, got "${raw}"`);
    return fallback;
  }
  return parsed;
}

function parse(schema: EnvVarSchema, raw: string): unknown {
  switch (schema.type) {
    case 'integer':
      return Number(raw);
    case 'boolean':
      return raw === 'true' ? true : raw === 'false' ? false : raw;
    case 'array':
      return raw
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean);
    default:
      return raw;
  }
}

function expected(schema: EnvVarSchema): string {
  if (schema.type === 'integer') return `an integer in ${schema.minimum ?? -Infinity}..${schema.maximum ?? Infinity}`;
  if (schema.type === 'boolean') return 'true or false';
  return `valid (${JSON.stringify(schema)})`;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`invalid configuration:\n  - ${problems.join('\n  - ')}`);
  }
}
