// HTTP requests through the real curl program (loopback only), answering the status code, the
// headers' text and the body (parsed as JSON when it is JSON).
import { spawn } from 'node:child_process';

const STATUS_MARK = '\n--curl-status:';

/**
 * curl(url, { method, body, headers, timeoutMs }) → { status, body, json }.
 * body: a string or Buffer sent as is (--data-binary from stdin).
 */
export function curl(url, { method = 'GET', body, headers = {}, timeoutMs = 10_000 } = {}) {
  const host = new URL(url).hostname;
  if (!['127.0.0.1', '[::1]', 'localhost'].includes(host)) throw new Error(`curl: ${host} is not loopback`);
  const args = ['-sS', '--max-time', String(timeoutMs / 1000), '-X', method, '-o', '-', '-w', `${STATUS_MARK}%{http_code}`];
  for (const [name, value] of Object.entries(headers)) args.push('-H', `${name}: ${value}`);
  if (body !== undefined) args.push('-H', 'Content-Type: application/json', '--data-binary', '@-');
  args.push(url);
  return new Promise((resolve, reject) => {
    const child = spawn('curl', args, { stdio: ['pipe', 'pipe', 'pipe'] });
    const out = [];
    let err = '';
    child.stdout.on('data', (d) => out.push(d));
    child.stderr.on('data', (d) => (err += d));
    child.once('error', reject);
    child.once('exit', (code) => {
      const text = Buffer.concat(out).toString('utf8');
      const at = text.lastIndexOf(STATUS_MARK);
      if (code !== 0 || at < 0) {
        reject(new Error(`curl ${method} ${url}: exit ${code} ${err.trim()}`));
        return;
      }
      const bodyText = text.slice(0, at);
      let json;
      try {
        json = JSON.parse(bodyText);
      } catch {
        json = undefined;
      }
      resolve({ status: Number(text.slice(at + STATUS_MARK.length)), body: bodyText, json });
    });
    if (body !== undefined) child.stdin.end(body);
    else child.stdin.end();
  });
}

/** The WebSocket upgrade request as curl sends it: resolves to the HTTP status (101 = accepted). */
export async function curlUpgrade(url, headers = {}) {
  const args = ['-sS', '--max-time', '3', '-o', '/dev/null', '-w', '%{http_code}',
    '-H', 'Connection: Upgrade', '-H', 'Upgrade: websocket', '-H', 'Sec-WebSocket-Version: 13',
    '-H', 'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ=='];
  for (const [name, value] of Object.entries(headers)) args.push('-H', `${name}: ${value}`);
  args.push(url);
  return new Promise((resolve, reject) => {
    const child = spawn('curl', args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.once('error', reject);
    // After a 101 the connection stays open until --max-time: exit 28 with the code printed.
    child.once('exit', () => resolve(Number(out.trim().slice(0, 3)) || 0));
  });
}
