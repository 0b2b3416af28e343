// The Vite server both browser benchmarks (run.mjs, nodes.mjs) serve their pages from.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createServer } from 'vite';
import { freePort } from '../../tests/e2e/free-port.mjs';

const here = fileURLToPath(new URL('.', import.meta.url));

/**
 * Starts bench/browser/vite.config.mjs on a free loopback port with the package at `dist`
 * (WAVEGRAPH_DIST), registers its close in `cleanups` (entries [name, close]) and resolves to
 * the port.
 */
export async function startBenchServer(dist, cleanups) {
  process.env.WAVEGRAPH_DIST = dist;
  const port = await freePort();
  const server = await createServer({
    configFile: path.join(here, 'vite.config.mjs'),
    logLevel: 'warn',
    clearScreen: false,
    server: { port, strictPort: true, host: '127.0.0.1' },
  });
  await server.listen();
  cleanups.push(['vite server', () => server.close()]);
  return port;
}
