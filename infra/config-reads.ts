const root = new URL('../', import.meta.url);

interface ServiceConfig {
  configSchema: { properties: Record<string, unknown> };
  readConfig(env: NodeJS.ProcessEnv): unknown;
}

/**
 * Runs a built service's own config reader (apps/<app>/dist/config.js) on `env` and returns the variables its
 * schema does not have: a deployment file should give a service nothing else. Throws what the reader throws
 * (a value it refuses).
 */
export async function unreadVariables(app: string, env: Record<string, string>): Promise<string[]> {
  const { configSchema, readConfig } = (await import(new URL(`apps/${app}/dist/config.js`, root).href)) as ServiceConfig;
  readConfig(env);
  return Object.keys(env).filter((k) => !(k in configSchema.properties));
}
