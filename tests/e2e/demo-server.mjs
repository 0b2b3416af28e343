// Starts the demo's Vite dev server on a free local port, with or without COOP/COEP.
import { fileURLToPath } from 'node:url';
import { createServer } from 'vite';
import { freePort } from './free-port.mjs';

const configFile = fileURLToPath(new URL('../../demo/vite.config.ts', import.meta.url));

/**
 * A Vite plugin that notes every response the server sends: { path, status, bytes, text } (bytes
 * of the body as sent; text: the body of a .js response), in `log`. It sees what the page's own
 * network log does not show, such as the AudioWorklet's module fetch.
 */
function requestLog(log) {
  return {
    name: 'wavegraph-request-log',
    configureServer(server) {
      server.middlewares.use((request, response, next) => {
        const path = new URL(request.url, 'http://x').pathname;
        const keepText = path.endsWith('.js');
        const chunks = [];
        let bytes = 0;
        const count = (chunk, encoding) => {
          if (!chunk || typeof chunk === 'function') return;
          const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk, typeof encoding === 'string' ? encoding : undefined);
          bytes += buffer.length;
          if (keepText) chunks.push(buffer);
        };
        const write = response.write.bind(response);
        const end = response.end.bind(response);
        response.write = (chunk, ...rest) => {
          count(chunk, rest[0]);
          return write(chunk, ...rest);
        };
        response.end = (chunk, ...rest) => {
          count(chunk, rest[0]);
          log.push({ path, status: response.statusCode, bytes, text: keepText ? Buffer.concat(chunks).toString('utf8') : undefined });
          return end(chunk, ...rest);
        };
        next();
      });
    },
  };
}

/**
 * Serves demo/ with demo/vite.config.ts. crossOriginIsolated true uses the config's default
 * mode (COOP same-origin + COEP require-corp); false uses its 'no-isolation' mode (no headers).
 * Returns { url (ends with '/'), close(), requests } where requests is the server's log of
 * responses ({ path, status, bytes, text }, oldest first; the caller may empty it).
 */
export async function startDemoServer({ crossOriginIsolated }) {
  const port = await freePort();
  const requests = [];
  const server = await createServer({
    configFile,
    mode: crossOriginIsolated ? 'development' : 'no-isolation',
    logLevel: 'warn',
    clearScreen: false,
    plugins: [requestLog(requests)],
    // No HMR and no file watching: other engineers rebuild dist/ while tests run, and a
    // full-page reload in the middle of a check would destroy its page state.
    server: { port, strictPort: true, host: '127.0.0.1', hmr: false, watch: null },
  });
  await server.listen();
  return { url: `http://127.0.0.1:${port}/`, close: () => server.close(), requests };
}
