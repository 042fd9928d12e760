import { Type } from 'typebox';
import { apiSecurityConfig, apiSecurityEnv, baseConfig, baseEnv, loadConfig } from '@mugharred/service-kit';

/** Every variable auth-api reads; ../.env.example and README's table are generated from it (`npm run config:docs`). */
export const configSchema = Type.Object(
  {
    ...baseEnv(3011).properties,
    ...apiSecurityEnv.properties,
    LOGIN_RATE_PER_MINUTE: Type.Integer({
      default: 30,
      minimum: 1,
      description: 'Logins per client IP per minute: names are free, so this is what stops scripted identity churn.',
    }),
    REFRESH_RATE_PER_MINUTE: Type.Integer({ default: 60, minimum: 1, description: 'Token refreshes per client IP per minute; a client needs one an hour per tab.' }),
  },
  { description: 'auth-api: logins and token refresh.' },
);

/** auth-api's configuration, validated once at start. */
export function readConfig(env: NodeJS.ProcessEnv = process.env) {
  return loadConfig(configSchema, env, (vars, problem) => ({
    ...baseConfig(vars, problem),
    ...apiSecurityConfig(vars, problem),
    loginPerMinute: vars.LOGIN_RATE_PER_MINUTE,
    refreshPerMinute: vars.REFRESH_RATE_PER_MINUTE,
  }));
}

export type AuthConfig = ReturnType<typeof readConfig>;
