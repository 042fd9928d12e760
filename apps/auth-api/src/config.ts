import { EnvReader, readApiSecurityConfig, readBaseConfig } from '@mugharred/service-kit';

/** auth-api's configuration, validated once at start; every variable is listed in ../.env.example. */
export function readConfig(env: NodeJS.ProcessEnv = process.env) {
  const r = new EnvReader(env);
  return r.done({
    ...readBaseConfig(r, 3011),
    ...readApiSecurityConfig(r),
    /** Logins per client IP per minute: names are free, so this is what stops scripted identity churn. */
    loginPerMinute: r.int('LOGIN_RATE_PER_MINUTE', 30, { min: 1 }),
    /** Refreshes per client IP per minute; a client needs one an hour per tab. */
    refreshPerMinute: r.int('REFRESH_RATE_PER_MINUTE', 60, { min: 1 }),
  });
}

export type AuthConfig = ReturnType<typeof readConfig>;
