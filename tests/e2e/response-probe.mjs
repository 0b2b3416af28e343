// Measures an EQ setting's magnitude response two independent ways, inside demo/offline-test.html
// (window.wavegraph = the package):
//  - coreDb: sine probes through the C++ core (renderOffline, the wasm build): one channel per
//    probe frequency, 0.5 s at 48 kHz, amplitude 0.25; the gain is the least-squares sine/cosine
//    fit of the last 0.25 s of the output divided by the input amplitude;
//  - browserDb: the browser's own BiquadFilterNode (type 'peaking') per band,
//    getFrequencyResponse summed in dB.

/** bands: [{ frequencyHz, q, gainDb }] (band 0…7); frequenciesHz: up to 32 probe frequencies. */
export async function probeEqResponse(page, bands, frequenciesHz) {
  await page.waitForFunction(() => window.wavegraph !== undefined);
  return page.evaluate(async ({ bands, frequenciesHz }) => {
    const { renderOffline, referenceGraph } = window.wavegraph;
    const sampleRate = 48000;
    const frames = sampleRate / 2;
    const amplitude = 0.25;
    const graph = referenceGraph();
    const eq = graph.nodes.find((node) => node.id === 'eq');
    eq.params = {};
    bands.forEach((band, b) => {
      eq.params[`band${b}.frequencyHz`] = band.frequencyHz;
      eq.params[`band${b}.q`] = band.q;
      eq.params[`band${b}.gainDb`] = band.gainDb;
    });
    const input = frequenciesHz.map((f) => {
      const channel = new Float32Array(frames);
      for (let t = 0; t < frames; t++) channel[t] = amplitude * Math.sin((2 * Math.PI * f * t) / sampleRate);
      return channel;
    });
    const output = await renderOffline({ input, sampleRate, graph });
    const coreDb = frequenciesHz.map((f, i) => {
      const y = output[i];
      let ss = 0, cc = 0, sc = 0, ys = 0, yc = 0;
      for (let t = frames / 2; t < frames; t++) {
        const s = Math.sin((2 * Math.PI * f * t) / sampleRate);
        const c = Math.cos((2 * Math.PI * f * t) / sampleRate);
        ss += s * s; cc += c * c; sc += s * c; ys += y[t] * s; yc += y[t] * c;
      }
      const det = ss * cc - sc * sc;
      const a = (ys * cc - yc * sc) / det;
      const b = (yc * ss - ys * sc) / det;
      return 20 * Math.log10(Math.hypot(a, b) / amplitude);
    });

    const context = new OfflineAudioContext({ numberOfChannels: 1, length: 128, sampleRate });
    const probe = Float32Array.from(frequenciesHz);
    const browserDb = frequenciesHz.map(() => 0);
    for (const band of bands) {
      const filter = new BiquadFilterNode(context, { type: 'peaking', frequency: band.frequencyHz, Q: band.q, gain: band.gainDb });
      const magnitude = new Float32Array(probe.length);
      filter.getFrequencyResponse(probe, magnitude, new Float32Array(probe.length));
      magnitude.forEach((m, i) => { browserDb[i] += 20 * Math.log10(m); });
    }
    return { coreDb, browserDb };
  }, { bands, frequenciesHz });
}
