import tailwindcss from '@tailwindcss/vite';
import react from '@vitejs/plugin-react';
import { fileURLToPath } from 'node:url';
import { defineConfig, type Plugin } from 'vite';
import { VitePWA } from 'vite-plugin-pwa';

// A schema made lazily (shared/lazy-schema.ts) does nothing until used: the app and the worker leave out the ones they never use.
const lazySchemasArePure = { treeshake: { manualPureFunctions: ['lazySchema'] } };

/**
 * V8 compiles a function when it is first called, on the main thread, in the middle of a cold start. Most of
 * the entry chunk (React DOM, TanStack Query, the list screen) runs at start, so its first line tells V8 to
 * compile every function while it parses the file off the main thread (Chromium's explicit compile hints).
 * Not the other chunks: zod's, hinted too, was compiled for nothing. Added after minifying (which drops
 * comments) and after Vite's own first line; the file's hash, computed before, does not change with it.
 */
function compileEntryEagerly(): Plugin {
  return {
    name: 'onpoint:compile-entry-eagerly',
    apply: 'build',
    generateBundle: {
      order: 'post',
      handler(_, bundle) {
        for (const chunk of Object.values(bundle)) {
          if (chunk.type === 'chunk' && chunk.isEntry) chunk.code = `//# allFunctionsCalledOnLoad\n${chunk.code}`;
        }
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
    rollupOptions: lazySchemasArePure,
  },
  // The schemas in shared/ import zod; in the app they get it set up for the Content-Security-Policy.
  resolve: { alias: [{ find: /^zod$/, replacement: fileURLToPath(new URL('client/zod-jitless.ts', import.meta.url)) }] },
  server: { proxy: { '/api': 'http://127.0.0.1:8080' } },
  plugins: [
    react(),
    compileEntryEagerly(),
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
