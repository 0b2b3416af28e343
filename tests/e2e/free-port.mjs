// A free TCP port on 127.0.0.1 (the OS picks one), for the local servers of the browser tests
// and benchmarks.
import net from 'node:net';

/** Resolves to a port number that was free a moment ago on 127.0.0.1. */
export function freePort() {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address();
      probe.close(() => resolve(port));
    });
  });
}
