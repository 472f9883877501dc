import tailwindcss from '@tailwindcss/vite';
import react from '@vitejs/plugin-react';
import { fileURLToPath } from 'node:url';
import { build, defineConfig, type Plugin, type ResolvedConfig, type Rolldown } from 'vite';
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

// The schemas in shared/ import zod; in the app they get it set up for the Content-Security-Policy.
const zodForTheApp = {
  alias: [{ find: /^zod$/, replacement: fileURLToPath(new URL('client/zod-jitless.ts', import.meta.url)) }],
};

const NO_STYLES = '\0onpoint:no-styles';

/**
 * What the service worker serves when the app is opened again: `shell.html`, the same page loading the same
 * app as one classic script (built a second time, as an IIFE). Chromium keeps V8's code cache for a classic
 * script the worker precaches, made when the worker installs it, so every later start skips parsing and
 * compiling the app. For module scripts it makes one and never reads it back, from the precache or the HTTP
 * cache (Chromium 156, traced: docs/benchmarks.md). A first visit keeps the module build: its chunks load the
 * first screen's code first, which one script cannot.
 */
function classicShell(): Plugin {
  let outer: ResolvedConfig;
  return {
    name: 'onpoint:classic-shell',
    apply: 'build',
    configResolved(config) {
      outer = config;
    },
    generateBundle: {
      order: 'post',
      async handler(_, bundle) {
        const index = bundle['index.html'];
        if (index?.type !== 'asset') throw new Error('classic shell: index.html is not in the bundle');
        // Its one stylesheet is the shell's too: a screen's own, loaded with its chunk, would be missing there.
        const styles = Object.keys(bundle).filter((file) => file.endsWith('.css'));
        if (styles.length !== 1) throw new Error(`classic shell: one stylesheet expected, the build has ${styles.join(', ')}`);
        const built = await build({
          configFile: false,
          root: outer.root,
          mode: outer.mode,
          define: outer.define,
          logLevel: 'warn',
          resolve: zodForTheApp,
          // The stylesheet is the module build's: here a style import is an empty module, not a style
          // element the script would add (the Content-Security-Policy refuses inline styles).
          plugins: [
            react(),
            {
              name: 'onpoint:no-styles',
              enforce: 'pre',
              resolveId: (source) => (source.endsWith('.css') ? NO_STYLES : undefined),
              load: (id) => (id === NO_STYLES ? 'export {};' : undefined),
            },
          ],
          build: {
            write: false,
            modulePreload: false,
            target: outer.build.target,
            minify: outer.build.minify,
            sourcemap: outer.build.sourcemap,
            rollupOptions: {
              ...lazySchemasArePure,
              input: fileURLToPath(new URL('client/main.ts', import.meta.url)),
              // Strict, as the same code is as modules.
              output: { format: 'iife', strict: true, codeSplitting: false, entryFileNames: 'assets/classic-[hash].js' },
              onLog(level, log, handler) {
                if (log.code === 'EMPTY_IMPORT_META') {
                  // Vite's helper to preload a dynamic import's chunks reads import.meta; one script has none to load.
                  if (log.id?.includes('vite/preload-helper')) return;
                  // Anywhere else it would be undefined in the shell alone.
                  throw new Error(`classic shell: ${log.id} reads import.meta, which a classic script has not`);
                }
                handler(level, log);
              },
            },
          },
        });
        const [output] = Array.isArray(built) ? built : [built];
        if (!('output' in output)) throw new Error('classic shell: the build gave no output');
        const [script, ...more] = output.output;
        if (script?.type !== 'chunk' || more.some((file) => file.type === 'chunk' || !file.fileName.endsWith('.map')))
          throw new Error(`classic shell: one script expected, built ${output.output.map((file) => file.fileName).join(', ')}`);
        for (const file of output.output)
          this.emitFile({ type: 'asset', fileName: file.fileName, source: file.type === 'chunk' ? file.code : file.source });
        const html = String(index.source)
          .replace(/\s*<link rel="modulepreload"[^>]*>/g, '')
          .replace(
            /<script type="module" crossorigin src="[^"]+"><\/script>/,
            `<script defer src="/${script.fileName}"></script>`,
          );
        if (!html.includes(script.fileName) || /type="module"|modulepreload/.test(html))
          throw new Error('classic shell: index.html does not load the app as one module script');
        this.emitFile({ type: 'asset', fileName: 'shell.html', source: html });
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
  resolve: zodForTheApp,
  server: { proxy: { '/api': 'http://127.0.0.1:8080' } },
  plugins: [
    react(),
    compileFirstScreenEagerly(),
    preloadFirstScreen(),
    classicShell(),
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
