const root = new URL('../', import.meta.url);

/**
 * Runs a built service's own config reader (apps/<app>/dist/config.js) on `env` and returns the variables it
 * never read: a deployment file should give a service nothing else. Throws what the reader throws (a value it
 * refuses).
 */
export async function unreadVariables(app: string, env: Record<string, string>): Promise<string[]> {
  const { readConfig } = (await import(new URL(`apps/${app}/dist/config.js`, root).href)) as { readConfig(env: NodeJS.ProcessEnv): unknown };
  const read = new Set<string>();
  readConfig(
    new Proxy(env, {
      get: (target, key) => {
        if (typeof key === 'string') read.add(key);
        return target[key as string];
      },
    }),
  );
  return Object.keys(env).filter((k) => !read.has(k));
}

/**
 * Every variable a built service's config reader looks at given `env` (values it refuses still count: the reader
 * reads everything before it reports).
 */
export async function readVariables(app: string, env: Record<string, string>): Promise<string[]> {
  const { readConfig } = (await import(new URL(`apps/${app}/dist/config.js`, root).href)) as { readConfig(env: NodeJS.ProcessEnv): unknown };
  const read = new Set<string>();
  const tracked = new Proxy(env, {
    get: (target, key) => {
      if (typeof key === 'string') read.add(key);
      return target[key as string];
    },
  });
  try {
    readConfig(tracked);
  } catch (err) {
    if (!(err instanceof Error && err.message.startsWith('invalid configuration'))) throw err;
  }
  return [...read].sort();
}
