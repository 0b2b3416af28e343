// The custom wasm core in the browser: createEngine(context, { core }) with the test core that links
// the soft clipper (build/wasm/test-cores/, web/CMakeLists.txt), in an OfflineAudioContext.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describeConsole } from './checks.mjs';
import { openPage } from './demo-page.mjs';

const testCores = fileURLToPath(new URL('../../build/wasm/test-cores/', import.meta.url));

/**
 * p. A seeded noise buffer (peak 0.6) → the engine running {input → softClipper (drive 4) → output}
 * from the custom core → destination, 48 kHz, 0.5 s: every sample equals the clipper's formula
 * computed on the page (count of differing samples, max |diff|); parameters() lists the node with
 * its drive parameter; setParam refuses drive 25 naming the range; createEngine with a core whose
 * processor fails the checks rejects with that one line.
 */
export async function checkCustomCore(browser, url) {
  for (const file of ['test-core.mjs', 'test-core.wasm', 'refused-processor-core.mjs', 'refused-processor-core.wasm'])
    if (!existsSync(`${testCores}${file}`)) return { pass: false, detail: `${testCores}${file} is missing: build the wasm preset` };
  const { page, errors } = await openPage(browser, `${url}offline-test.html`);
  try {
    await page.waitForFunction(() => window.wavegraph !== undefined);
    // The Vite dev server serves files of the repository under /@fs/.
    const coreAt = (name) => ({ wasmUrl: `${url}@fs${testCores}${name}.wasm`, glueUrl: `${url}@fs${testCores}${name}.mjs` });
    const cores = { core: coreAt('test-core'), refusedCore: coreAt('refused-processor-core') };
    const result = await page.evaluate(async ({ core, refusedCore }) => {
      const sampleRate = 48000;
      const frames = sampleRate / 2;
      const context = new OfflineAudioContext({ numberOfChannels: 1, length: frames, sampleRate });
      const graph = {
        nodes: [{ id: 'source', type: 'input' }, { id: 'clip', type: 'softClipper', params: { drive: 4 } }],
        connections: [{ from: 'source', to: 'clip' }],
        output: 'clip',
      };
      const engine = await window.wavegraph.createEngine(context, { core, graph, numChannels: 1 });
      let seed = 12345;
      const random = () => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32);
      const buffer = new AudioBuffer({ numberOfChannels: 1, length: frames, sampleRate });
      const input = new Float32Array(frames);
      for (let i = 0; i < frames; ++i) input[i] = (random() * 2 - 1) * 0.6;
      // A copy goes to the buffer: Firefox detaches the arrays of a buffer a source node plays.
      buffer.copyToChannel(input, 0);
      const source = new AudioBufferSourceNode(context, { buffer });
      source.connect(engine.node).connect(context.destination);
      source.start();
      const clip = engine.parameters().find((n) => n.id === 'clip');
      const refused = engine.setParam('clip', 'drive', 25);
      await engine.flush();
      const rendered = (await context.startRendering()).getChannelData(0);
      const shape = (v) => (v >= 3 ? 1 : v <= -3 ? -1 : (v * (27 + v * v)) / (27 + 9 * v * v));
      let differing = 0, maxDiff = 0, peak = 0;
      for (let i = 0; i < frames; ++i) {
        const expected = Math.fround(shape(4 * input[i]));
        peak = Math.max(peak, Math.abs(rendered[i]));
        if (rendered[i] !== expected) { ++differing; maxDiff = Math.max(maxDiff, Math.abs(rendered[i] - expected)); }
      }
      engine.close();
      const refusedStart = await window.wavegraph.createEngine(new OfflineAudioContext({ numberOfChannels: 1, length: 128, sampleRate }),
        { core: refusedCore }).then(() => 'started', (error) => error.message);
      return {
        differing, maxDiff, peak, frames, refused, refusedStart,
        clip: clip && { type: clip.type, parameters: clip.parameters.map((p) => `${p.name} ${p.minValue}…${p.maxValue} default ${p.defaultValue} value ${p.value}`) },
      };
    }, cores);
    const pass = errors.length === 0 && result.differing === 0 && result.peak > 0.9 &&
      result.clip?.type === 'softClipper' && result.clip.parameters.length === 1 &&
      result.clip.parameters[0].startsWith('drive 1…20 default 1 value 4') &&
      result.refused.ok === false && /clip\.drive 25 is out of range \(1…20/.test(result.refused.message) &&
      /^refused-processor-core: .*default 30 is outside 1…20$/.test(result.refusedStart);
    const detail = `${result.differing} of ${result.frames} samples differ from the formula (max |diff| ${result.maxDiff}, ` +
      `peak ${result.peak.toFixed(4)}), parameters(): ${JSON.stringify(result.clip)}, setParam drive 25: ` +
      `${JSON.stringify(result.refused)}, refused core: "${result.refusedStart}", ${describeConsole(errors)}`;
    return { pass, detail };
  } finally {
    await page.close();
  }
}
