/**
 * Opening the WebSocket to `wavegraph serve`'s /api/live: the URL with its token, the socket
 * class (the browser's global WebSocket, or the `ws` package's in Node), the wait for the
 * server's hello, and one line saying why a connection failed (server not running, token
 * refused (401), origin refused (403), too many clients (429)).
 *
 * @module
 */

import type { HelloMessage } from './remote-messages.js';

/** A WebSocket class: the browser's global `WebSocket`, or `WebSocket` from the `ws` package in Node. */
export type WebSocketClass = new (url: string) => object;

/** The members of a WebSocket the remote engine uses (the browser's and the `ws` package's have them). */
export interface RemoteSocket {
  readonly readyState: number;
  send(data: string): void;
  close(code?: number, reason?: string): void;
  onopen: ((event: unknown) => void) | null;
  onmessage: ((event: { data: unknown }) => void) | null;
  onclose: ((event: { code: number; reason: string }) => void) | null;
  onerror: ((event: { message?: string }) => void) | null;
}

/** WebSocket.OPEN. */
export const SOCKET_OPEN = 1;

/** The URL without its token (for messages). */
export function displayUrl(url: string): string {
  return url.replace(/([?&])token=[^&]*/, '$1token=…');
}

/** `url` with `?token=` (browsers cannot set an Authorization header on a WebSocket). */
export function urlWithToken(url: string, token: string | undefined): string {
  if (token === undefined || token === '') return url;
  return `${url}${url.includes('?') ? '&' : '?'}token=${encodeURIComponent(token)}`;
}

/** "" for a ws:// or wss:// URL, else why not. */
export function socketUrlError(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return `"${url}" is not a URL (expected e.g. ws://127.0.0.1:8420/api/live)`;
  }
  if (parsed.protocol !== 'ws:' && parsed.protocol !== 'wss:')
    return `"${url}" is not a ws:// or wss:// URL (expected e.g. ws://127.0.0.1:8420/api/live)`;
  return '';
}

/** What an HTTP status from the server means for a connection. */
function statusMeaning(status: number): string {
  switch (status) {
    case 401: return 'the server wants a token, or a different one (401)';
    case 403: return "the server does not allow this page's origin (403; see serve --allow-origin)";
    case 429: return 'the server has too many clients (429)';
    default: return `the server answered HTTP ${status}`;
  }
}

/**
 * Why the connection to `url` failed, one line. A status named by the socket's error (the `ws`
 * package says "Unexpected server response: 401") is used as it is; otherwise (browsers give no
 * reason) GET /api/status on the same host tells a server that is not running from one that
 * refuses the token or the page's origin.
 */
async function failureReason(url: string, token: string | undefined, socketError: string): Promise<string> {
  const status = /\b(40[13]|429|[45]\d\d)\b/.exec(socketError);
  if (status) return statusMeaning(Number(status[1]));
  if (/ECONNREFUSED/.test(socketError)) return 'no server is listening there (is wavegraph serve running?)';
  if (typeof fetch !== 'function') return socketError || 'the connection failed';
  const http = new URL(url);
  http.protocol = http.protocol === 'wss:' ? 'https:' : 'http:';
  http.pathname = '/api/status';
  http.search = token ? `?token=${encodeURIComponent(token)}` : '';
  try {
    const response = await fetch(http.toString(), { signal: AbortSignal.timeout(2000) });
    if (!response.ok) return statusMeaning(response.status);
    return 'the server refused the WebSocket upgrade (too many clients (429)?)';
  } catch {
    // A page cannot read an answer without CORS headers: wavegraph serve sends them to the origins it allows.
    return socketError || "no answer this page may read: wavegraph serve is not running there, or it does not allow this page's origin (403; see serve --allow-origin)";
  }
}

/**
 * Opens a socket to `url` and waits for the server's hello (at most timeoutMs). Rejects with an
 * Error of one line: "could not connect to ws://127.0.0.1:8420/api/live: no server is listening
 * there (is wavegraph serve running?)".
 */
export function openSocket(url: string, token: string | undefined, socketClass: WebSocketClass,
                           timeoutMs: number): Promise<{ socket: RemoteSocket; hello: HelloMessage }> {
  const shown = displayUrl(url);
  return new Promise((resolve, reject) => {
    let socket: RemoteSocket;
    try {
      socket = new socketClass(urlWithToken(url, token)) as RemoteSocket;
    } catch (cause) {
      reject(new Error(`could not connect to ${shown}: ${cause instanceof Error ? cause.message : String(cause)}`));
      return;
    }
    let settled = false;
    let socketError = '';
    const fail = (reason: Promise<string> | string): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.onopen = socket.onmessage = socket.onclose = socket.onerror = null;
      try {
        socket.close();
      } catch {
        // already closed
      }
      void Promise.resolve(reason).then((text) => reject(new Error(`could not connect to ${shown}: ${text}`)));
    };
    const timer = setTimeout(() => fail(`no hello from the server within ${timeoutMs} ms`), timeoutMs);
    socket.onerror = (event) => {
      socketError = event?.message ?? '';
    };
    socket.onclose = (event) => {
      if (event.reason) fail(`the server closed the connection (${event.code} ${event.reason})`);
      else fail(failureReason(url, token, socketError));
    };
    socket.onmessage = (event) => {
      if (settled) return;
      let message: { type?: unknown };
      try {
        message = JSON.parse(String(event.data)) as { type?: unknown };
      } catch {
        fail('the server sent something that is not JSON (is it `wavegraph serve`?)');
        return;
      }
      if (message.type !== 'hello') {
        fail(`the server's first message is not a hello (type ${String(message.type)})`);
        return;
      }
      const hello = message as Partial<HelloMessage>;
      const positive = (x: unknown): boolean => typeof x === 'number' && Number.isFinite(x) && x > 0;
      if (!positive(hello.sampleRateHz) || !positive(hello.channels) || !positive(hello.renderQuantumFrames) ||
          !Array.isArray(hello.nodes)) {
        fail("the server's hello lacks sampleRateHz, channels, renderQuantumFrames or nodes (is it wavegraph serve?)");
        return;
      }
      settled = true;
      clearTimeout(timer);
      socket.onopen = socket.onmessage = socket.onclose = socket.onerror = null;
      resolve({ socket, hello: message as HelloMessage });
    };
  });
}
