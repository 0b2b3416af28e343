/**
 * Vite config of the wavegraph EQ demo (root: demo/).
 *
 * `vite --config demo/vite.config.ts` serves the demo cross-origin isolated (COOP same-origin +
 * COEP require-corp), so the engine uses its SharedArrayBuffer transport. `--mode no-isolation`
 * serves the same pages without those headers (the engine then falls back to postMessage).
 * `vite build --config demo/vite.config.ts` writes demo/dist/.
 */
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const demoDir = fileURLToPath(new URL('.', import.meta.url));
const repoRoot = fileURLToPath(new URL('..', import.meta.url));

const isolationHeaders = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
};

export default defineConfig(({ mode }) => {
  const headers = mode === 'no-isolation' ? {} : isolationHeaders;
  return {
    root: demoDir,
    resolve: {
      // The package entry built by scripts/build-ts.mjs (exact match only).
      alias: [{ find: /^wavegraph$/, replacement: `${repoRoot}dist/index.js` }],
    },
    server: {
      host: '127.0.0.1',
      port: 5173,
      strictPort: true,
      headers,
      fs: { allow: [repoRoot] },
    },
    preview: { host: '127.0.0.1', port: 5173, strictPort: true, headers },
    worker: { format: 'es' },
    build: {
      outDir: 'dist',
      emptyOutDir: true,
      target: 'es2022',
      // Keep the worklet bundle a real file (a data: URL would be its module URL otherwise).
      assetsInlineLimit: 0,
      rollupOptions: {
        input: {
          main: `${demoDir}index.html`,
          offlineTest: `${demoDir}offline-test.html`,
        },
      },
    },
  };
});
