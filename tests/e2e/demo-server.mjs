// Starts the demo's Vite dev server on a free local port, with or without COOP/COEP.
import net from 'node:net';
import { fileURLToPath } from 'node:url';
import { createServer } from 'vite';

const configFile = fileURLToPath(new URL('../../demo/vite.config.ts', import.meta.url));

/** A free TCP port on 127.0.0.1 (the OS picks one). */
function freePort() {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address();
      probe.close(() => resolve(port));
    });
  });
}

/**
 * Serves demo/ with demo/vite.config.ts. crossOriginIsolated true uses the config's default
 * mode (COOP same-origin + COEP require-corp); false uses its 'no-isolation' mode (no headers).
 * Returns { url (ends with '/'), close() }.
 */
export async function startDemoServer({ crossOriginIsolated }) {
  const port = await freePort();
  const server = await createServer({
    configFile,
    mode: crossOriginIsolated ? 'development' : 'no-isolation',
    logLevel: 'warn',
    clearScreen: false,
    // No HMR and no file watching: other engineers rebuild dist/ while tests run, and a
    // full-page reload in the middle of a check would destroy its page state.
    server: { port, strictPort: true, host: '127.0.0.1', hmr: false, watch: null },
  });
  await server.listen();
  return { url: `http://127.0.0.1:${port}/`, close: () => server.close() };
}
