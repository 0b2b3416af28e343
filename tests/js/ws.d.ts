// The part of the `ws` package (which ships no types) the tests use: its WebSocket class.
declare module 'ws' {
  /** A WebSocket client (the browser's API, in Node). */
  export const WebSocket: new (url: string, options?: { origin?: string; headers?: Record<string, string> }) => object;
}
