// A client of WS /api/live on the `ws` package: connects, keeps the pushes it is asked to keep,
// matches replies to requests by id, and waits for conditions with a bound.
import WebSocket from 'ws';

/**
 * Opens ws://host:port/api/live and resolves after the hello push:
 * { ws, hello, request(msg), send(msg), waitFor(pred, timeoutMs), pushes, closed }.
 * options.keep(msg): whether to keep a push in `pushes` (default: all but analyser frames);
 * options.onPush(msg, receivedMs): called for every push.
 */
export function connectLive(baseUrl, { origin, token, headers, keep, onPush, timeoutMs = 5000 } = {}) {
  const url = `${baseUrl.replace(/^http/, 'ws')}/api/live${token ? `?token=${encodeURIComponent(token)}` : ''}`;
  const ws = new WebSocket(url, { origin, headers, handshakeTimeout: timeoutMs });
  const pending = new Map();
  const waiters = new Set();
  const client = {
    ws,
    hello: undefined,
    pushes: [],
    replies: 0,
    errorReplies: [],
    nextId: 1,
    closed: new Promise((resolve) => ws.once('close', (code, reason) => resolve({ code, reason: reason.toString() }))),
    send(message) {
      ws.send(typeof message === 'string' ? message : JSON.stringify(message));
    },
    /** Sends message with a fresh id; resolves to the reply (ok or not), or rejects after timeoutMs. */
    request(message, requestTimeoutMs = 5000) {
      const id = client.nextId++;
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          pending.delete(id);
          reject(new Error(`no reply to ${message.op} (id ${id}) within ${requestTimeoutMs} ms`));
        }, requestTimeoutMs);
        pending.set(id, (reply) => {
          clearTimeout(timer);
          resolve(reply);
        });
        client.send({ ...message, id });
      });
    },
    /** Resolves to the first message (push or reply) from now on for which pred is true. */
    waitFor(pred, waitTimeoutMs = 5000, what = 'message') {
      return new Promise((resolve, reject) => {
        const waiter = { pred, resolve };
        const timer = setTimeout(() => {
          waiters.delete(waiter);
          reject(new Error(`no ${what} within ${waitTimeoutMs} ms`));
        }, waitTimeoutMs);
        waiter.resolve = (msg) => {
          clearTimeout(timer);
          resolve(msg);
        };
        waiters.add(waiter);
      });
    },
    close() {
      if (ws.readyState === WebSocket.OPEN || ws.readyState === WebSocket.CONNECTING) ws.terminate();
    },
  };
  const keepPush = keep ?? ((msg) => msg.type !== 'analyser');
  ws.on('message', (data, isBinary) => {
    const receivedMs = performance.now();
    let msg;
    try {
      msg = JSON.parse(isBinary ? Buffer.from(data).toString('utf8') : data.toString());
    } catch {
      msg = { type: 'unparsable', text: String(data).slice(0, 80) };
    }
    if (msg.type === 'hello' && !client.hello) client.hello = msg;
    if (msg.type === undefined && 'ok' in msg) {
      client.replies++;
      if (!msg.ok) client.errorReplies.push(msg);
      const done = msg.id !== undefined && pending.get(msg.id);
      if (done) {
        pending.delete(msg.id);
        done(msg);
      }
    } else {
      if (keepPush(msg)) client.pushes.push({ ...msg, receivedMs });
      onPush?.(msg, receivedMs);
    }
    for (const waiter of [...waiters]) {
      if (waiter.pred(msg)) {
        waiters.delete(waiter);
        waiter.resolve(msg);
      }
    }
  });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      ws.terminate();
      reject(new Error(`no hello push within ${timeoutMs} ms`));
    }, timeoutMs);
    ws.once('unexpected-response', (_req, res) => {
      clearTimeout(timer);
      ws.terminate();
      const error = new Error(`upgrade refused: HTTP ${res.statusCode}`);
      error.statusCode = res.statusCode;
      reject(error);
    });
    ws.once('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    ws.on('message', function onHello() {
      if (!client.hello) return;
      ws.off('message', onHello);
      clearTimeout(timer);
      resolve(client);
    });
  });
}

/** Tries an upgrade that should be refused: resolves to its HTTP status (101 if it was accepted). */
export function upgradeStatus(baseUrl, { origin, token, headers } = {}) {
  return connectLive(baseUrl, { origin, token, headers, timeoutMs: 3000 }).then(
    (client) => {
      client.close();
      return 101;
    },
    (error) => error.statusCode ?? 0,
  );
}
