// Variant (c): an empty AudioWorkletProcessor that copies its input to its output, the
// worklet machinery's own cost per render quantum. Loaded with audioWorklet.addModule.

class PassThroughProcessor extends AudioWorkletProcessor {
  /** [audio] Copies input channel c to output channel c (zeros where the input has none). */
  process(inputs, outputs) {
    const input = inputs[0];
    const output = outputs[0];
    for (let c = 0; c < output.length; c++) {
      if (input && c < input.length) output[c].set(input[c]);
      else output[c].fill(0);
    }
    return true;
  }
}

registerProcessor('bench-passthrough', PassThroughProcessor);
