/**
 * Test page entry: puts the wavegraph module on `window.wavegraph` so the end-to-end tests can
 * render through an OfflineAudioContext inside a cross-origin-isolated page.
 */
import * as wavegraph from 'wavegraph';

declare global {
  interface Window {
    /** The whole wavegraph module (test pages only). */
    wavegraph?: typeof wavegraph;
  }
}

window.wavegraph = wavegraph;
