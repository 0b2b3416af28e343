// Paths of the repository's build outputs, for the tests.
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root. */
export const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
/** A file in dist/. */
export const distFile = (name: string): string => join(repoRoot, 'dist', name);
/** The native CLI built by the native preset (WAVEGRAPH_CLI overrides the path). */
export const nativeCli = process.env.WAVEGRAPH_CLI ?? join(repoRoot, 'build', 'native', 'wavegraph');
/** A file of the test cores built with the wasm preset (web/CMakeLists.txt, WAVEGRAPH_WASM_TEST_CORES). */
export const testCoreFile = (name: string): string => join(repoRoot, 'build', 'wasm', 'test-cores', name);
