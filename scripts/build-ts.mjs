// Builds the TypeScript side of the package into dist/ (run after the wasm build, which leaves
// dist/wavegraph-core.mjs and dist/wavegraph-core.wasm):
//   dist/processor.js  the AudioWorklet module: worklet/processor.ts + the wasm glue, one file
//                      (the core itself arrives compiled, in processorOptions.wasmModule)
//   dist/index.js      the package API: web/src/index.ts + fft.js; './processor.js' and
//                      './wavegraph-core.wasm' (new URL) and './wavegraph-core.mjs' (dynamic
//                      import) stay relative, next to it
//   dist/render-worker.js  the module Worker of renderOfflineStream on a page: web/src/render-worker.ts
//                      + the wasm glue, one file (the core arrives compiled, in its first message)
//   dist/index.d.ts    declarations (dist/types/…), then a strict type-check of everything;
//   dist/processor.d.ts  the worklet module's (empty) declarations.
// Usage: node scripts/build-ts.mjs
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const dist = join(root, 'dist');
const glue = join(dist, 'wavegraph-core.mjs');
const tsc = join(root, 'node_modules', 'typescript', 'bin', 'tsc');

for (const file of [glue, join(dist, 'wavegraph-core.wasm')]) {
  if (!existsSync(file)) {
    console.error(`build-ts: ${file} is missing; build the wasm core first (bash scripts/build.sh wasm)`);
    process.exit(1);
  }
}

/** Resolves every import of wavegraph-core.mjs: bundled from dist/ (worklet) or left external (API). */
function wasmGlue(bundleIt) {
  return {
    name: 'wavegraph-core',
    setup(b) {
      b.onResolve({ filter: /wavegraph-core\.mjs$/ }, () =>
        bundleIt ? { path: glue } : { path: './wavegraph-core.mjs', external: true });
    },
  };
}

const common = { bundle: true, format: 'esm', target: 'es2022', logLevel: 'warning', legalComments: 'inline' };

await build({
  ...common,
  entryPoints: [join(root, 'worklet', 'processor.ts')],
  outfile: join(dist, 'processor.js'),
  plugins: [wasmGlue(true)],
  tsconfig: join(root, 'worklet', 'tsconfig.json'),
});

await build({
  ...common,
  entryPoints: [join(root, 'web', 'src', 'index.ts')],
  outfile: join(dist, 'index.js'),
  plugins: [wasmGlue(false)],
  tsconfig: join(root, 'tsconfig.json'),
});

await build({
  ...common,
  entryPoints: [join(root, 'web', 'src', 'render-worker.ts')],
  outfile: join(dist, 'render-worker.js'),
  plugins: [wasmGlue(true)],
  tsconfig: join(root, 'tsconfig.json'),
});

function runTsc(...args) {
  execFileSync(process.execPath, [tsc, ...args], { cwd: root, stdio: 'inherit' });
}

// Declarations first (tests type-check against dist/index.d.ts), then the strict type-check.
try {
  rmSync(join(dist, 'types'), { recursive: true, force: true });
  runTsc('-p', 'web/tsconfig.declarations.json');
} catch {
  console.error('build-ts: declaration emit failed');
  process.exit(1);
}
// Declarations of the glue (a hand-written .d.mts, which tsc does not copy).
mkdirSync(join(dist, 'types', 'web', 'src'), { recursive: true });
copyFileSync(join(root, 'web', 'src', 'wavegraph-core.d.mts'), join(dist, 'types', 'web', 'src', 'wavegraph-core.d.mts'));
copyFileSync(join(root, 'web', 'src', 'wavegraph-core.d.mts'), join(dist, 'wavegraph-core.d.mts'));
writeFileSync(join(dist, 'index.d.ts'), "export * from './types/web/src/index.js';\n");
// processor.js is an AudioWorklet module: it registers the processor and exports nothing.
writeFileSync(join(dist, 'processor.d.ts'),
  "/** The AudioWorklet module (addModule): registers the 'wavegraph-processor' AudioWorkletProcessor; it exports nothing. */\nexport {};\n");
try {
  runTsc('-p', 'tsconfig.json', '--noEmit');
  runTsc('-p', 'worklet/tsconfig.json', '--noEmit');
} catch {
  console.error('build-ts: type-check failed');
  process.exit(1);
}
console.log('build-ts: dist/processor.js, dist/processor.d.ts, dist/index.js, dist/index.d.ts');
