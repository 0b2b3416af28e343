// renderOfflineStream on a page: the render runs in a module Worker (dist/render-worker.js), so
// the page's main thread stays responsive, and its chunks are renderOffline's samples.
import { describeConsole } from './checks.mjs';
import { openPage } from './demo-page.mjs';

/**
 * q. A 120 s track (binaural beats and pink noise) through the reference graph (band gains set):
 * renderOffline on the page, then renderOfflineStream (default: in a Worker) in 1-second chunks —
 * differing samples must be 0. The page's main thread meanwhile runs a 10 ms timer: its largest
 * gap once the first chunk has arrived (the Worker started, its core compiled), against the same
 * render as one chunk in the page's own thread (worker: false), measures what the Worker buys. Cancelling with an AbortController after the
 * first chunk ends the iterator with the AbortError before another chunk arrives.
 */
export async function checkStreamInWorker(browser, url) {
  const { page, errors } = await openPage(browser, `${url}offline-test.html`);
  try {
    await page.waitForFunction(() => window.wavegraph !== undefined);
    const result = await page.evaluate(async () => {
      const { renderOffline, renderOfflineStream } = window.wavegraph;
      const sampleRate = 48000, frames = 120 * sampleRate;
      const track = {
        global_settings: { sample_rate: sampleRate, crossfade_duration: 2, crossfade_curve: 'equal_power' },
        background_noise: { type: 'pink', amp: 0.1, pan: 0, seed: 7 },
        steps: [60, 62].map((duration, k) => ({
          duration, voices: [{ synth_function_name: 'binaural_beat', params: { amp: 0.4, base_freq: 200 + 40 * k, beat_freq: 6 + k } }],
        })),
      };
      const options = { track, sampleRate, bandGainsDb: [3, -6, 0, 2, -20, 0, 4, -2], gainDb: -3 };
      const whole = await renderOffline(options);
      // run(started) calls started() when its first chunk has arrived; gaps count from then.
      const largestGap = async (run) => {
        let last = performance.now(), gap = 0, counting = false;
        const timer = setInterval(() => { const now = performance.now(); if (counting) gap = Math.max(gap, now - last); last = now; }, 10);
        const started = () => { if (!counting) { counting = true; last = performance.now(); } };
        const value = await run(started);
        await new Promise((resolve) => setTimeout(resolve, 20));
        clearInterval(timer);
        return { gap: Math.max(gap, performance.now() - last), value };
      };
      const inWorker = await largestGap(async (started) => {
        let differing = 0, seen = 0, chunks = 0;
        for await (const chunk of renderOfflineStream({ ...options, chunkFrames: sampleRate })) {
          started();
          chunk.channels.forEach((channel, c) => {
            for (let i = 0; i < chunk.frames; ++i) if (channel[i] !== whole[c][chunk.startFrame + i]) ++differing;
          });
          seen += chunk.frames;
          ++chunks;
        }
        return { differing, seen, chunks };
      });
      const inPage = await largestGap(async (started) => {
        started();  // the whole render is the one chunk
        for await (const _ of renderOfflineStream({ ...options, chunkFrames: frames, worker: false })) { /* one chunk */ }
      });
      const controller = new AbortController();
      let afterAbort = 0, abortName = 'none';
      try {
        for await (const _ of renderOfflineStream({ ...options, chunkFrames: 4800, signal: controller.signal })) {
          if (controller.signal.aborted) ++afterAbort;
          controller.abort();
        }
      } catch (error) {
        abortName = error.name;
      }
      return { ...inWorker.value, frames, workerGapMs: inWorker.gap, pageGapMs: inPage.gap, afterAbort, abortName };
    });
    const pass = errors.length === 0 && result.differing === 0 && result.seen === result.frames &&
      result.workerGapMs < 200 && result.pageGapMs > 2 * result.workerGapMs && result.afterAbort === 0 &&
      result.abortName === 'AbortError';
    const detail = `${result.seen} frames in ${result.chunks} chunks from the Worker, ${result.differing} samples differ from ` +
      `renderOffline; the page's largest timer gap ${result.workerGapMs.toFixed(0)} ms (the same render in the page's ` +
      `thread: ${result.pageGapMs.toFixed(0)} ms); cancel: ${result.abortName}, ${result.afterAbort} chunks after it, ${describeConsole(errors)}`;
    return { pass, detail };
  } finally {
    await page.close();
  }
}
