// Variant (d): a plain JavaScript 8-band peaking EQ worklet with the same settings as the
// reference graph. Coefficients: RBJ Audio EQ Cookbook (Robert Bristow-Johnson, "Cookbook
// formulae for audio EQ biquad filter coefficients", peakingEQ: A = 10^(gainDb/40),
// w0 = 2π·f0/Fs, alpha = sin(w0)/(2Q); b0 = 1 + alpha·A, b1 = −2cos(w0), b2 = 1 − alpha·A,
// a0 = 1 + alpha/A, a1 = −2cos(w0), a2 = 1 − alpha/A; all divided by a0), computed here in JS.
// Each band is direct form I with Float64 state; samples stay double between the bands; then
// the master gain 10^(gainDb/20), constant from frame 0.
// processorOptions: { frequenciesHz: number[], q: number, bandGainsDb: number[], gainDb: number }.

class JsBiquadEqProcessor extends AudioWorkletProcessor {
  constructor(options) {
    super();
    const { frequenciesHz, q, bandGainsDb, gainDb } = options.processorOptions;
    this.numBands = frequenciesHz.length;
    // Per band: b0, b1, b2, a1, a2 (normalised by a0).
    this.coefficients = new Float64Array(this.numBands * 5);
    for (let band = 0; band < this.numBands; band++) {
      const A = Math.pow(10, bandGainsDb[band] / 40);
      const w0 = (2 * Math.PI * frequenciesHz[band]) / sampleRate;
      const cosW0 = Math.cos(w0);
      const alpha = Math.sin(w0) / (2 * q);
      const a0 = 1 + alpha / A;
      const k = band * 5;
      this.coefficients[k] = (1 + alpha * A) / a0;
      this.coefficients[k + 1] = (-2 * cosW0) / a0;
      this.coefficients[k + 2] = (1 - alpha * A) / a0;
      this.coefficients[k + 3] = (-2 * cosW0) / a0;
      this.coefficients[k + 4] = (1 - alpha / A) / a0;
    }
    // Per channel and band: x1, x2, y1, y2. Allocated for 32 channels once.
    this.state = new Float64Array(32 * this.numBands * 4);
    this.work = new Float64Array(128);
    this.gainLinear = Math.pow(10, gainDb / 20);
  }

  /** [audio] One render quantum: EQ every channel band by band, then the master gain. */
  process(inputs, outputs) {
    const input = inputs[0];
    const output = outputs[0];
    const frames = output[0].length;
    if (this.work.length < frames) this.work = new Float64Array(frames);  // only if the quantum size ever grows
    const gain = this.gainLinear;
    const x = this.work;
    const co = this.coefficients;
    const state = this.state;
    for (let c = 0; c < output.length; c++) {
      const out = output[c];
      if (!input || c >= input.length) { out.fill(0); continue; }
      const src = input[c];
      for (let i = 0; i < frames; i++) x[i] = src[i];
      for (let band = 0; band < this.numBands; band++) {
        const k = band * 5;
        const b0 = co[k], b1 = co[k + 1], b2 = co[k + 2], a1 = co[k + 3], a2 = co[k + 4];
        const s = (c * this.numBands + band) * 4;
        let x1 = state[s], x2 = state[s + 1], y1 = state[s + 2], y2 = state[s + 3];
        for (let i = 0; i < frames; i++) {
          const x0 = x[i];
          const y0 = b0 * x0 + b1 * x1 + b2 * x2 - a1 * y1 - a2 * y2;
          x2 = x1; x1 = x0; y2 = y1; y1 = y0;
          x[i] = y0;
        }
        state[s] = x1; state[s + 1] = x2; state[s + 2] = y1; state[s + 3] = y2;
      }
      for (let i = 0; i < frames; i++) out[i] = x[i] * gain;
    }
    return true;
  }
}

registerProcessor('bench-js-biquad', JsBiquadEqProcessor);
