import { defineConfig } from 'vite';
import { fileURLToPath } from 'node:url';
import { dirname, resolve } from 'node:path';

const here = dirname(fileURLToPath(import.meta.url));

/** The modeler is a static single-page app served by the API process from modeler/dist. */
export default defineConfig({
  root: here,
  base: './',
  build: {
    outDir: resolve(here, 'dist'),
    emptyOutDir: true,
    chunkSizeWarningLimit: 4000,
  },
  server: {
    fs: { allow: [resolve(here, '..')] },
    proxy: Object.fromEntries(
      ['/auth', '/definitions', '/service-task-types', '/touchpoints', '/contacts', '/cases', '/tasks', '/audit', '/stats'].map((p) => [
        p,
        process.env.TP_API ?? 'http://127.0.0.1:3000',
      ]),
    ),
  },
});
