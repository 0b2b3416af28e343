// Renders a tone through the engine in an OfflineAudioContext inside the served test page.

/**
 * In `page` (demo/offline-test.html, which sets window.wavegraph): 48 kHz, 2 channels, 1 s;
 * OscillatorNode 1 kHz at -12 dBFS → engine.node → destination, engine.setBandGain(4, bandGainDb)
 * sent before startRendering. Returns { transport, status, rmsDb: [per channel] } where rmsDb is
 * the RMS level (dBFS) of the frames after 0.2 s.
 */
export async function renderToneRmsDb(page, bandGainDb) {
  await page.waitForFunction(() => window.wavegraph !== undefined);
  return page.evaluate(async (bandGainDb) => {
    const sampleRate = 48000;
    const context = new OfflineAudioContext({ numberOfChannels: 2, length: sampleRate, sampleRate });
    const engine = await window.wavegraph.createEngine(context, { numChannels: 2 });
    const oscillator = new OscillatorNode(context, { type: 'sine', frequency: 1000 });
    const level = new GainNode(context, { gain: 0.25 });
    oscillator.connect(level).connect(engine.node).connect(context.destination);
    const status = engine.setBandGain(4, bandGainDb);
    oscillator.start();
    const rendered = await context.startRendering();
    const skipFrames = Math.round(0.2 * sampleRate);
    const rmsDb = [];
    for (let channel = 0; channel < rendered.numberOfChannels; channel++) {
      const frames = rendered.getChannelData(channel).subarray(skipFrames);
      let sumSquares = 0;
      for (const x of frames) sumSquares += x * x;
      rmsDb.push(10 * Math.log10(sumSquares / frames.length));
    }
    engine.close();
    return { transport: engine.transport, status, rmsDb };
  }, bandGainDb);
}
