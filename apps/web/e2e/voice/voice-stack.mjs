import { randomBytes } from 'node:crypto';
import { freePort, startPrivateRedis } from '../../../../scripts/lib/redis.mjs';
import { startBackend } from '../../../../scripts/lib/services.mjs';
import { startEdge } from '../../../../scripts/lib/edge.mjs';
import { startJanus } from '../../../../infra/janus/start-janus.mjs';

/** The address a veth interface carries inside the voice test's network namespace (see netns.mjs). */
export const MEDIA_IP = '127.0.0.2';

const secret = () => randomBytes(24).toString('base64url');

/**
 * The whole product with voice, on free ports, for a run inside the voice namespace: a private Redis, Janus
 * (ICE on MEDIA_IP only), the services with the JANUS_* settings, and the edge routing /janus.
 * `janus.restart()` starts Janus again on the same ports and secrets after `janus.stop()`.
 */
export async function startVoiceStack() {
  const stoppers = [];
  const stop = async () => {
    for (const s of stoppers.reverse()) await s().catch(() => undefined);
  };
  try {
    const redis = await startPrivateRedis();
    stoppers.push(() => redis.stop());
    const janusOptions = {
      apiSecret: secret(),
      adminSecret: secret(),
      adminKey: secret(),
      wsPort: await freePort(),
      adminPort: await freePort(),
      interface: MEDIA_IP,
      iceEnforceList: MEDIA_IP,
      stdio: 'pipe',
    };
    const janus = { current: await startJanus(janusOptions) };
    stoppers.push(() => janus.current?.stop());
    const edgePort = await freePort();
    const origin = `http://127.0.0.1:${edgePort}`;
    const ports = { auth: await freePort(), rooms: await freePort(), gateways: [await freePort()], worker: await freePort() };
    const backend = await startBackend({
      redisUrl: redis.url,
      ports,
      env: {
        LOG_LEVEL: 'warn',
        JANUS_API_SECRET: janusOptions.apiSecret,
        JANUS_ADMIN_SECRET: janusOptions.adminSecret,
        JANUS_ADMIN_KEY: janusOptions.adminKey,
        JANUS_API_URL: janus.current.wsUrl,
        JANUS_ADMIN_URL: janus.current.adminUrl,
      },
      envFor: { gateway: { ALLOWED_ORIGINS: origin } },
      stdio: 'pipe',
    });
    stoppers.push(() => backend.stop());
    const edge = await startEdge({
      port: edgePort,
      authUrl: backend.urls.auth,
      roomsUrl: backend.urls.rooms,
      gatewayUrls: backend.urls.gateways,
      janusUrl: janus.current.wsUrl,
      stdio: 'pipe',
    });
    stoppers.push(() => edge.stop());
    return {
      origin,
      janus: {
        pid: () => janus.current?.pid,
        logs: () => janus.current?.logs() ?? Promise.resolve(''),
        stop: async () => {
          await janus.current?.stop();
          janus.current = null;
        },
        restart: async () => {
          janus.current = await startJanus(janusOptions);
        },
      },
      stop,
    };
  } catch (err) {
    await stop();
    throw err;
  }
}
