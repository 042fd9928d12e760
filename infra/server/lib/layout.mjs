// Where a server install puts things, and the ports of the services behind the edge (all on loopback).

export const PATHS = {
  envFile: '/etc/mugharred/env',
  redisConf: '/etc/mugharred/redis.conf',
  turnConf: '/etc/mugharred/turnserver.conf',
  unitDir: '/etc/systemd/system',
  nginxConfDir: '/etc/nginx/mugharred',
  nginxSite: '/etc/nginx/sites-available/mugharred.conf',
  nginxEnabled: '/etc/nginx/sites-enabled/mugharred.conf',
  acmeRoot: '/var/lib/mugharred/acme',
  accessLog: '/var/log/nginx/mugharred.access.log',
};

export const PORTS = { auth: 3011, rooms: 3012, worker: 3030, janus: 8188, janusAdmin: 7188, redis: 6379, turn: 3478 };

/** UDP ports to open in a firewall besides 80/443 (TCP) and the TURN port (UDP and TCP). */
export const MEDIA_PORTS = { janusRtp: '20000-20499', turnRelayMin: 49160, turnRelayMax: 49999 };

/** certbot's paths for a certificate of `domain`. */
export const letsEncryptFiles = (domain) => ({
  certFile: `/etc/letsencrypt/live/${domain}/fullchain.pem`,
  keyFile: `/etc/letsencrypt/live/${domain}/privkey.pem`,
});

/** certbot with its webroot plugin: the edge's HTTP server serves PATHS.acmeRoot, nginx reloads on renewal. */
export function certbotCommand(domain, email) {
  return [
    'certbot', 'certonly', '--webroot', '--webroot-path', PATHS.acmeRoot, '--domain', domain,
    '--non-interactive', '--agree-tos', ...(email ? ['--email', email] : ['--register-unsafely-without-email']),
    '--deploy-hook', 'systemctl reload nginx',
  ];
}
