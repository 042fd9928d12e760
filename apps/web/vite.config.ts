import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { brotliCompressSync, gzipSync, constants as zlib } from 'node:zlib';
import tailwindcss from '@tailwindcss/vite';
import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';

/** Backend ports of the design; override to point the dev server at another stack. */
const authUrl = process.env.AUTH_URL ?? 'http://127.0.0.1:3011';
const roomsUrl = process.env.ROOMS_URL ?? 'http://127.0.0.1:3012';
const gatewayUrl = process.env.GATEWAY_URL ?? 'http://127.0.0.1:3020';
const janusUrl = process.env.JANUS_URL ?? 'http://127.0.0.1:8188';

/**
 * Writes .gz and .br siblings of every text asset, so the edge serves them with gzip_static/brotli_static
 * and never compresses on the fly.
 */
function precompress(): Plugin {
  let outDir = 'dist';
  return {
    name: 'mugharred-precompress',
    apply: 'build',
    configResolved(config) {
      outDir = config.build.outDir;
    },
    async closeBundle() {
      const files = await readdir(outDir, { recursive: true });
      for (const file of files.filter((f) => /\.(js|css|html|svg|json|txt)$/.test(f))) {
        const path = join(outDir, file);
        const data = await readFile(path);
        if (data.length < 1024) continue;
        await writeFile(`${path}.gz`, gzipSync(data, { level: 9 }));
        await writeFile(`${path}.br`, brotliCompressSync(data, { params: { [zlib.BROTLI_PARAM_QUALITY]: 11 } }));
      }
    },
  };
}

export default defineConfig({
  plugins: [react(), tailwindcss(), precompress()],
  build: {
    sourcemap: true,
    target: 'es2022',
    // janus.js (janus-gateway) is a UMD wrapper around an ES module: its `typeof module` check is harmless.
    rolldownOptions: { checks: { commonJsVariableInEsm: false } },
  },
  server: {
    port: 5173,
    strictPort: true,
    // The same routes the edge serves, so the dev app talks to one origin as in production.
    proxy: {
      '^/api/(login|refresh)$': { target: authUrl },
      '/api': { target: roomsUrl },
      '/health': { target: roomsUrl },
      '/ws': { target: gatewayUrl, ws: true },
      '/janus': { target: janusUrl, ws: true },
    },
  },
});
