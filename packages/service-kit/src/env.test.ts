import { randomBytes } from 'node:crypto';
import { Type } from 'typebox';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './env.js';
import { Secret } from './secret.js';

const schema = Type.Object({
  NAME: Type.String({ description: 'required, no default' }),
  PORT: Type.Integer({ default: 3000, minimum: 0, maximum: 65535, description: 'a port' }),
  BUDGET: Type.Integer({ default: 5, minimum: 1, description: 'at least 1' }),
  ORIGINS: Type.Array(Type.String(), { default: ['http://a'], description: 'a list' }),
  VERBOSE: Type.Boolean({ default: false, description: 'a flag' }),
  NICKNAME: Type.Optional(Type.String({ description: 'optional' })),
  KEY: Secret('a secret'),
});

const key = randomBytes(32).toString('base64url');
const read = (env: NodeJS.ProcessEnv) => loadConfig(schema, env, (vars) => vars);
/** What a config load refuses, as its ConfigError lists it (none when it loads). */
function refusals(load: () => unknown): string[] {
  try {
    load();
  } catch (err) {
    if (err instanceof ConfigError) return err.problems;
    throw err;
  }
  return [];
}
const problemsOf = (env: NodeJS.ProcessEnv) => refusals(() => read(env));

describe('reading a service environment against its schema', () => {
  it('fills defaults, parses integers, lists and booleans, and leaves an unset optional variable undefined', () => {
    expect(read({ NAME: 'n', KEY: key })).toEqual({ NAME: 'n', PORT: 3000, BUDGET: 5, ORIGINS: ['http://a'], VERBOSE: false, KEY: key });
    const config = read({ NAME: ' n ', PORT: '8080', ORIGINS: ' http://b , ,http://c ', VERBOSE: 'true', NICKNAME: 'x', KEY: key });
    expect(config).toEqual({ NAME: 'n', PORT: 8080, BUDGET: 5, ORIGINS: ['http://b', 'http://c'], VERBOSE: true, NICKNAME: 'x', KEY: key });
  });

  it('takes an empty variable as unset', () => {
    expect(read({ NAME: 'n', PORT: '', ORIGINS: '  ', NICKNAME: '', KEY: key })).toMatchObject({ PORT: 3000, ORIGINS: ['http://a'], NICKNAME: undefined });
  });

  it('returns the config frozen', () => {
    expect(Object.isFrozen(read({ NAME: 'n', KEY: key }))).toBe(true);
  });

  it('refuses a value that is not an integer, one out of range, a bad boolean and a missing required variable', () => {
    expect(problemsOf({ KEY: key })).toEqual(['NAME is required']);
    expect(problemsOf({ NAME: 'n', KEY: key, PORT: 'soon' })).toEqual(['PORT must be an integer in 0..65535, got "soon"']);
    expect(problemsOf({ NAME: 'n', KEY: key, PORT: '80.5' })).toEqual(['PORT must be an integer in 0..65535, got "80.5"']);
    expect(problemsOf({ NAME: 'n', KEY: key, PORT: '65536' })).toEqual(['PORT must be an integer in 0..65535, got "65536"']);
    expect(problemsOf({ NAME: 'n', KEY: key, BUDGET: '0' })).toEqual(['BUDGET must be an integer in 1..Infinity, got "0"']);
    expect(problemsOf({ NAME: 'n', KEY: key, VERBOSE: 'yes' })).toEqual(['VERBOSE must be true or false, got "yes"']);
  });

  it('refuses a secret that is missing, short or guessable, and takes it byte for byte', () => {
    expect(problemsOf({ NAME: 'n' })).toEqual(['KEY must be set to at least 32 bytes (got 0)']);
    expect(problemsOf({ NAME: 'n', KEY: 'x'.repeat(31) })).toEqual(['KEY must be set to at least 32 bytes (got 31)']);
    expect(problemsOf({ NAME: 'n', KEY: 'secret'.repeat(8) })).toEqual([
      'KEY is long but guessable (a word repeated, few distinct characters); use e.g. `openssl rand -base64 32`',
    ]);
    expect(read({ NAME: 'n', KEY: ` ${key}` }).KEY).toBe(` ${key}`);
  });

  it('reports every problem at once, its own and those the config builder adds, in one ConfigError', () => {
    const load = () =>
      loadConfig(schema, { PORT: '-1', BUDGET: 'many', VERBOSE: '1', KEY: 'short' }, (vars, problem) => {
        // The bad PORT is replaced by its default (3000), so this check still runs on a number.
        if (vars.PORT < vars.BUDGET * 1000) problem('PORT must be at least 1000 times BUDGET');
        return vars;
      });
    expect(load).toThrow(ConfigError);
    expect(load).toThrow(/invalid configuration:\n {2}- NAME is required\n {2}- PORT must be/);
    expect(refusals(load)).toEqual([
      'NAME is required',
      'PORT must be an integer in 0..65535, got "-1"',
      'BUDGET must be an integer in 1..Infinity, got "many"',
      'VERBOSE must be true or false, got "1"',
      'KEY must be set to at least 32 bytes (got 5)',
      'PORT must be at least 1000 times BUDGET',
    ]);
  });
});
