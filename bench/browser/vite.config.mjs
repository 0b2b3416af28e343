// Vite config of the browser benchmark page (root: bench/browser/). Serves it cross-origin
// isolated (COOP same-origin + COEP require-corp) so that wavegraph's engine uses its
// SharedArrayBuffer command ring. `import 'wavegraph'` resolves to dist/index.js, or to
// $WAVEGRAPH_DIST/index.js when that variable names another build of the package.
//   open by hand:  npx vite --config bench/browser/vite.config.mjs   (then see window.wavegraphBench)
//   measured run:  node bench/browser/run.mjs
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const pageDir = fileURLToPath(new URL('.', import.meta.url));
const repoRoot = fileURLToPath(new URL('../..', import.meta.url));

export default defineConfig(() => {
  const distDir = path.resolve(process.env.WAVEGRAPH_DIST || path.join(repoRoot, 'dist'));
  // run.mjs --baseline DIR: DIR/processor.js is served as /@fs/DIR/processor.js.
  const allowed = [repoRoot, distDir, ...(process.env.WAVEGRAPH_BASELINE ? [path.resolve(process.env.WAVEGRAPH_BASELINE)] : [])];
  const headers = {
    'Cross-Origin-Opener-Policy': 'same-origin',
    'Cross-Origin-Embedder-Policy': 'require-corp',
  };
  return {
    root: pageDir,
    resolve: {
      alias: [
        { find: /^wavegraph$/, replacement: path.join(distDir, 'index.js') },
        // The wasm glue, for the profiling worklet (wasm-kernel-processor.js).
        { find: /^wavegraph\/wavegraph-core\.mjs$/, replacement: path.join(distDir, 'wavegraph-core.mjs') },
      ],
    },
    server: { host: '127.0.0.1', port: 5174, strictPort: false, headers, fs: { allow: allowed } },
    preview: { host: '127.0.0.1', port: 5174, strictPort: false, headers },
    // Nothing to pre-bundle: the page imports only files (no bare packages besides the alias).
    optimizeDeps: { noDiscovery: true, include: [] },
    worker: { format: 'es' },
  };
});
