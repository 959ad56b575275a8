import react from '@vitejs/plugin-react';
import { readFileSync } from 'node:fs';
import { defineConfig } from 'vite';
import { VitePWA } from 'vite-plugin-pwa';

const packageJson: unknown = JSON.parse(
  readFileSync(new URL('./package.json', import.meta.url), 'utf8'),
);
const version =
  typeof packageJson === 'object' &&
  packageJson !== null &&
  'version' in packageJson &&
  typeof packageJson.version === 'string'
    ? packageJson.version
    : '0.0.0';

const THEME = '#1d4e89';

export default defineConfig({
  define: { __APP_VERSION__: JSON.stringify(version) },
  plugins: [
    react(),
    VitePWA({
      registerType: 'prompt',
      injectRegister: false,
      // The glob below already precaches every icon; the manifest itself is added by the plugin.
      includeManifestIcons: false,
      manifest: {
        id: '/',
        name: 'Rollcall',
        short_name: 'Rollcall',
        description: 'Attendance registers that keep working offline',
        lang: 'en-GB',
        theme_color: THEME,
        background_color: '#ffffff',
        display: 'standalone',
        orientation: 'any',
        start_url: '/',
        scope: '/',
        icons: [
          { src: '/icons/icon-192.png', sizes: '192x192', type: 'image/png', purpose: 'any' },
          { src: '/icons/icon-512.png', sizes: '512x512', type: 'image/png', purpose: 'any' },
          {
            src: '/icons/icon-maskable-512.png',
            sizes: '512x512',
            type: 'image/png',
            purpose: 'maskable',
          },
          { src: '/icon.svg', sizes: 'any', type: 'image/svg+xml', purpose: 'any' },
        ],
      },
      workbox: {
        globPatterns: ['**/*.{js,css,html,svg,png}'],
        navigateFallback: '/index.html',
        navigateFallbackDenylist: [/^\/api\//],
        cleanupOutdatedCaches: true,
        // The first install takes over the open page at once, so screens loaded later (lazy
        // chunks) come from the cache even if the Wi-Fi drops in the very first session. Updates
        // still wait for the person to press Update (src/pwa/UpdatePrompt.tsx).
        clientsClaim: true,
      },
    }),
  ],
  build: { outDir: 'dist', sourcemap: true },
  // The API server checks that a request's Origin is its own host: the proxy keeps the browser's
  // Host header so a page served here passes that check.
  server: { proxy: { '/api': { target: 'http://127.0.0.1:8080', changeOrigin: false } } },
});
