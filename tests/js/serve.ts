// Starts the native `wavegraph serve` for a test (loopback only, --port 0), waits for its one
// "listening" line, and stops it by its PID (SIGINT: the recording is finalised).
import { spawn, type ChildProcess } from 'node:child_process';
import { nativeCli } from './paths.js';

/** A running server. */
export interface Serve {
  /** ws://127.0.0.1:PORT/api/live */
  liveUrl: string;
  /** http://127.0.0.1:PORT */
  httpUrl: string;
  /** Everything it wrote on stderr so far. */
  stderr(): string;
  /** SIGINT, then waits for the exit (SIGKILL after timeoutMs); resolves with the exit code. */
  stop(timeoutMs?: number): Promise<number | null>;
}

/** `wavegraph serve --backend null --bind 127.0.0.1 --port 0 ...args`, once it listens (at most timeoutMs). */
export function startServe(args: string[], timeoutMs = 15_000): Promise<Serve> {
  const child: ChildProcess = spawn(nativeCli, ['serve', '--backend', 'null', '--bind', '127.0.0.1', '--port', '0', ...args],
    { stdio: ['pipe', 'ignore', 'pipe'] });
  let text = '';
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const stop = async (stopTimeoutMs = 5000): Promise<number | null> => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGINT');
    const timer = setTimeout(() => child.kill('SIGKILL'), stopTimeoutMs);
    const code = await exited;
    clearTimeout(timer);
    return code;
  };
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      void stop();
      reject(new Error(`wavegraph serve did not say "listening" within ${timeoutMs} ms; stderr: ${text}`));
    }, timeoutMs);
    child.once('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`wavegraph serve exited (${code}) before listening; stderr: ${text}`));
    });
    child.stderr!.on('data', (chunk: Buffer) => {
      text += chunk.toString();
      const match = /listening on (http:\/\/[^\s]+)/.exec(text);
      if (!match) return;
      clearTimeout(timer);
      const httpUrl = match[1]!.replace(/\/$/, '');
      resolve({ httpUrl, liveUrl: `${httpUrl.replace(/^http/, 'ws')}/api/live`, stderr: () => text, stop });
    });
  });
}
