import tailwindcss from '@tailwindcss/vite';
import react from '@vitejs/plugin-react';
import { fileURLToPath } from 'node:url';
import { defineConfig, type Plugin } from 'vite';
import { VitePWA } from 'vite-plugin-pwa';

// A schema made lazily (shared/lazy-schema.ts) does nothing until used: the app and the worker leave out the ones they never use.
const lazySchemasArePure = { treeshake: { manualPureFunctions: ['lazySchema'] } };

/**
 * The app as one classic script (`<script defer>`), not ES modules. Chromium keeps V8's code cache for a
 * classic script the service worker serves from its precache, made when the worker installs it, so every
 * later start skips parsing and compiling. For module scripts it makes one and never reads it back, neither
 * from the precache nor from the HTTP cache (Chromium 156, traced: docs/benchmarks.md). Vite writes a module
 * script tag for the entry whatever the output format; this makes it a classic one.
 */
function loadAsClassicScript(): Plugin {
  return {
    name: 'onpoint:load-as-classic-script',
    apply: 'build',
    transformIndexHtml: {
      order: 'post',
      handler: (html) => {
        const classic = html.replace(/<script type="module" crossorigin src=/g, '<script defer src=');
        if (classic === html) throw new Error('index.html has no module script to load as a classic one');
        return classic;
      },
    },
  };
}

export default defineConfig({
  root: 'client',
  publicDir: '../public',
  build: {
    outDir: '../dist/client',
    emptyOutDir: true,
    sourcemap: false,
    // One script and one stylesheet (see loadAsClassicScript). The screens other than the list are still
    // evaluated only when first opened (App.tsx), React DOM once the start's requests are out (main.ts).
    cssCodeSplit: false,
    rollupOptions: {
      ...lazySchemasArePure,
      output: { format: 'iife', codeSplitting: false },
      onLog(level, log, handler) {
        // Vite's helper for preloading a dynamic import's chunks reads import.meta; with one script it has none to load.
        if (log.code === 'EMPTY_IMPORT_META' && log.id?.includes('vite/preload-helper')) return;
        handler(level, log);
      },
    },
  },
  // The schemas in shared/ import zod; in the app they get it set up for the Content-Security-Policy.
  resolve: { alias: [{ find: /^zod$/, replacement: fileURLToPath(new URL('client/zod-jitless.ts', import.meta.url)) }] },
  server: { proxy: { '/api': 'http://127.0.0.1:8080' } },
  plugins: [
    react(),
    loadAsClassicScript(),
    tailwindcss(),
    VitePWA({
      strategies: 'injectManifest',
      srcDir: 'sw',
      filename: 'sw.ts',
      injectRegister: false,
      registerType: 'prompt',
      injectManifest: { globPatterns: ['**/*.{js,css,html,svg,png,webmanifest}'], rollupOptions: lazySchemasArePure },
      manifest: {
        name: 'onpoint',
        short_name: 'onpoint',
        description: 'Pages, playbooks and the incident timeline for the on-call team',
        id: '/',
        start_url: '/',
        scope: '/',
        display: 'standalone',
        background_color: '#0b0f17',
        theme_color: '#0b0f17',
        icons: [
          { src: '/icon.svg', sizes: 'any', type: 'image/svg+xml', purpose: 'any' },
          { src: '/icon-192.png', sizes: '192x192', type: 'image/png', purpose: 'any' },
          { src: '/icon-512.png', sizes: '512x512', type: 'image/png', purpose: 'any' },
          { src: '/icon-maskable-512.png', sizes: '512x512', type: 'image/png', purpose: 'maskable' },
        ],
        shortcuts: [
          { name: 'Open incidents', short_name: 'Incidents', url: '/', icons: [{ src: '/icon-192.png', sizes: '192x192' }] },
          { name: 'Playbooks', short_name: 'Playbooks', url: '/playbooks', icons: [{ src: '/icon-192.png', sizes: '192x192' }] },
        ],
      },
    }),
  ],
});
