// Each service's .env.example and README's configuration table, written from the services' config schemas
// (apps/<app>/src/config.ts, `configSchema`): `npm run config:docs` writes them, infra/env-example.test.ts
// fails when they differ from what the schemas say.
import { readFile, writeFile } from 'node:fs/promises';

const root = new URL('../', import.meta.url);

/** The services with a config schema, in the order of README's table. */
export const SERVICES = ['auth-api', 'rooms-api', 'gateway', 'worker'];

/**
 * @typedef {{ description?: string; required?: string[]; properties: Record<string, Record<string, any>> }} ConfigSchema
 * @typedef {Record<string, ConfigSchema>} ConfigSchemas  by service name
 */

/**
 * Each service's config schema, from its build (apps/<app>/dist/config.js).
 * @returns {Promise<ConfigSchemas>}
 */
async function loadSchemas() {
  const schemas = {};
  for (const app of SERVICES) schemas[app] = (await import(new URL(`apps/${app}/dist/config.js`, root).href)).configSchema;
  return schemas;
}

const WIDTH = 118;

/** `text` as `# ` comment lines of at most WIDTH characters. */
function comment(text) {
  const lines = [];
  let line = '#';
  for (const word of text.split(/\s+/)) {
    if (line.length + 1 + word.length > WIDTH && line !== '#') {
      lines.push(line);
      line = '#';
    }
    line += ` ${word}`;
  }
  return [...lines, line];
}

const shown = (value) => (Array.isArray(value) ? value.join(',') : String(value));

/** A variable's meaning with its accepted range, as both files show it. */
function meaning(v) {
  if (v.type !== 'integer') return v.description;
  const range = v.maximum === undefined ? `at least ${v.minimum}` : `${v.minimum}..${v.maximum}`;
  return `${v.description} Integer, ${range}.`;
}

/**
 * apps/<app>/.env.example: every variable of the schema with its meaning and default (empty: none).
 * @param {ConfigSchema} schema
 */
export function renderEnvExample(schema) {
  const lines = comment(`${schema.description} Every variable it reads (once, at start) with its default; generated from src/config.ts by \`npm run config:docs\`.`);
  for (const [name, v] of Object.entries(schema.properties)) lines.push(...comment(meaning(v)), `${name}=${'default' in v ? shown(v.default) : ''}`);
  return `${lines.join('\n')}\n`;
}

function defaultCell(v, required) {
  if (!('default' in v)) return required ? '(required)' : '(none)';
  return shown(v.default) === '' ? '(none)' : `\`${shown(v.default)}\``;
}

/**
 * README's table: every variable of every service once, with the services reading it.
 * @param {ConfigSchemas} schemas
 */
export function renderConfigTable(schemas) {
  const rows = new Map();
  for (const app of SERVICES) {
    const schema = schemas[app];
    for (const [name, v] of Object.entries(schema.properties)) {
      const row = rows.get(name) ?? { v, defaults: new Map() };
      row.defaults.set(app, defaultCell(v, schema.required?.includes(name) ?? false));
      rows.set(name, row);
    }
  }
  const lines = ['| variable | services | default | meaning |', '| --- | --- | --- | --- |'];
  for (const [name, { v, defaults }] of rows) {
    const apps = [...defaults.keys()];
    const services = apps.length === SERVICES.length ? 'all' : apps.join(', ');
    const same = new Set(defaults.values()).size === 1;
    const fallback = same ? [...defaults.values()][0] : [...defaults].map(([app, d]) => `${app} ${d}`).join(', ');
    lines.push(`| \`${name}\` | ${services} | ${fallback} | ${meaning(v).replaceAll('|', '\\|')} |`);
  }
  return lines.join('\n');
}

/** README with its configuration table (the `| variable |` table under `## Configure`) replaced by `table`. */
export function withConfigTable(readme, table) {
  const section = readme.indexOf('\n## Configure\n');
  const start = readme.indexOf('\n| variable |', section) + 1;
  const end = readme.indexOf('\n\n', start);
  if (section < 0 || start === 0 || end < 0) throw new Error('README.md: no `| variable |` table under "## Configure"');
  return readme.slice(0, start) + table + readme.slice(end);
}

/** Writes every generated file, returning the ones that changed. */
export async function writeConfigDocs() {
  const schemas = await loadSchemas();
  const files = Object.fromEntries(SERVICES.map((app) => [`apps/${app}/.env.example`, renderEnvExample(schemas[app])]));
  files['README.md'] = withConfigTable(await readFile(new URL('README.md', root), 'utf8'), renderConfigTable(schemas));
  const changed = [];
  for (const [path, text] of Object.entries(files)) {
    const url = new URL(path, root);
    if ((await readFile(url, 'utf8')) === text) continue;
    await writeFile(url, text);
    changed.push(path);
  }
  return changed;
}
