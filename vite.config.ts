import tailwindcss from '@tailwindcss/vite';
import react from '@vitejs/plugin-react';
import { fileURLToPath } from 'node:url';
import { defineConfig, type Plugin, type Rolldown } from 'vite';
import { VitePWA } from 'vite-plugin-pwa';

type OutputChunk = Rolldown.OutputChunk;

// A schema made lazily (shared/lazy-schema.ts) does nothing until used: the app and the worker leave out the ones they never use.
const lazySchemasArePure = { treeshake: { manualPureFunctions: ['lazySchema'] } };

/** The chunk main.ts imports once the start's requests are out: React DOM, TanStack Query's React side, the list. */
const isFirstScreen = (chunk: OutputChunk) => chunk.facadeModuleId?.endsWith('/client/render-app.tsx') ?? false;

/**
 * V8 compiles a function when it is first called, on the main thread, in the middle of a cold start. Most of
 * the entry chunk and the first screen's (React DOM, TanStack Query, the list screen) runs at start, so their
 * first line tells V8 to compile every function while it parses the file off the main thread (Chromium's
 * explicit compile hints). Not the other chunks: zod's, hinted too, was compiled for nothing. Added after
 * minifying (which drops comments) and after Vite's own first line; the file's hash, computed before, does
 * not change with it.
 */
function compileFirstScreenEagerly(): Plugin {
  return {
    name: 'onpoint:compile-first-screen-eagerly',
    apply: 'build',
    generateBundle: {
      order: 'post',
      handler(_, bundle) {
        for (const chunk of Object.values(bundle)) {
          if (chunk.type === 'chunk' && (chunk.isEntry || isFirstScreen(chunk)))
            chunk.code = `//# allFunctionsCalledOnLoad\n${chunk.code}`;
        }
      },
    },
  };
}

/**
 * The first screen's chunk is imported dynamically, so Vite would only ask for it when main.ts runs: a round
 * trip later. index.html preloads it and what it imports, alongside the entry.
 */
function preloadFirstScreen(): Plugin {
  return {
    name: 'onpoint:preload-first-screen',
    apply: 'build',
    transformIndexHtml: {
      order: 'post',
      handler(html, { bundle }) {
        const chunks = Object.values(bundle ?? {}).filter((c): c is OutputChunk => c.type === 'chunk');
        const byName = new Map(chunks.map((c) => [c.fileName, c]));
        const files = new Set<string>();
        const add = (file: string) => {
          if (files.has(file)) return;
          files.add(file);
          for (const imported of byName.get(file)?.imports ?? []) add(imported);
        };
        for (const chunk of chunks) if (isFirstScreen(chunk)) add(chunk.fileName);
        return [...files]
          .filter((file) => !html.includes(`/${file}"`))
          .map((file) => ({
            tag: 'link',
            attrs: { rel: 'modulepreload', crossorigin: true, href: `/${file}` },
            injectTo: 'head' as const,
          }));
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
    compileFirstScreenEagerly(),
    preloadFirstScreen(),
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
