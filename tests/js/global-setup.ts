// Fails the whole run, with one line, when dist/ has not been built.
import { existsSync } from 'node:fs';
import { distFile } from './paths.js';

export default function setup(): void {
  const missing = ['index.js', 'processor.js', 'wavegraph-core.mjs', 'wavegraph-core.wasm'].filter((f) => !existsSync(distFile(f)));
  if (missing.length > 0)
    throw new Error(`dist/ is not built (missing ${missing.join(', ')}): run bash scripts/build.sh wasm && bash scripts/build.sh ts`);
}
