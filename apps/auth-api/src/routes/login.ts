import { randomBytes } from 'node:crypto';
import { LIMITS, LoginBody, LoginReply, normalizeName, type UserClaims } from '@mugharred/protocol';
import { AppError, perMinute, type BaseApp } from '@mugharred/service-kit';

/** POST /api/login {name}: a new identity (random user id) and its login token. */
export function registerLogin(app: BaseApp, ratePerMinute: number): void {
  app.post(
    '/api/login',
    { schema: { body: LoginBody, response: { 200: LoginReply } }, config: perMinute(ratePerMinute) },
    async (req) => {
      const checked = normalizeName(req.body.name, LIMITS.nameMin, LIMITS.nameMax);
      if (!checked.ok) throw new AppError('invalid_name', checked.message);
      const name = checked.name;
      // 16 random bytes: 128 bits, 22 base64url characters (protocol's ID_PATTERN).
      const claims: UserClaims = { kind: 'login', sub: randomBytes(16).toString('base64url'), name };
      return { token: app.jwt.sign(claims), user: { id: claims.sub, name } };
    },
  );
}
