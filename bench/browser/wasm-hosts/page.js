// Page of bench/browser/wasm-hosts.mjs: window.wasmHosts.{main, worker, workletMessage,
// workletQuantum, workletEmpty, workletQuantum8, workletEmpty8, workletQuantum1024,
// workletEmpty1024}(blocks) each run `blocks` raw blocks on their thread (the OfflineAudioContext
// hosts in a fresh context) and resolve once done. Compiling, instantiating and a warm-up of every
// host are in prepare(warmBlocks).
import createWavegraphCore from '/dist/wavegraph-core.mjs';
import { setUpRawLoop, SAMPLE_RATE_HZ, BLOCK_FRAMES, NUM_CHANNELS } from './loop.js';

const reply = (port) => new Promise((resolve, reject) => {
  port.onmessage = ({ data }) => (data.error ? reject(new Error(data.error)) : resolve(data.peak));
});
let wasmModule, mainLoop, worker, messageNode, messageContext;

async function offlineRender(mode, blocks, blocksPerQuantum = 1, renderSizeHint = BLOCK_FRAMES) {
  const context = new OfflineAudioContext({
    numberOfChannels: NUM_CHANNELS, length: Math.round(blocks / blocksPerQuantum) * renderSizeHint, sampleRate: SAMPLE_RATE_HZ, renderSizeHint,
  });
  if ((context.renderQuantumSize ?? BLOCK_FRAMES) !== renderSizeHint) throw new Error(`renderSizeHint ${renderSizeHint}: this browser renders ${context.renderQuantumSize ?? BLOCK_FRAMES}-frame quanta`);
  await context.audioWorklet.addModule('./processor.js');
  const node = new AudioWorkletNode(context, 'wasm-hosts', {
    numberOfInputs: 0, numberOfOutputs: 1, outputChannelCount: [NUM_CHANNELS], processorOptions: { wasmModule, mode, blocksPerQuantum },
  });
  await reply(node.port);
  node.connect(context.destination);
  await context.startRendering();
  return 0;
}

window.wasmHosts = {
  async prepare(warmBlocks) {
    const bytes = await (await fetch('/dist/wavegraph-core.wasm')).arrayBuffer();
    wasmModule = await WebAssembly.compile(bytes);
    mainLoop = setUpRawLoop(createWavegraphCore, wasmModule);
    mainLoop.runBlocks(warmBlocks);
    worker = new Worker('./worker.js', { type: 'module' });
    let done = reply(worker);
    worker.postMessage({ wasmModule, blocks: warmBlocks });
    await done;
    // The message host's context stays suspended (never rendered): its worklet thread lives as long as it.
    messageContext = new OfflineAudioContext(NUM_CHANNELS, BLOCK_FRAMES, SAMPLE_RATE_HZ);
    await messageContext.audioWorklet.addModule('./processor.js');
    messageNode = new AudioWorkletNode(messageContext, 'wasm-hosts', {
      numberOfInputs: 0, numberOfOutputs: 1, outputChannelCount: [NUM_CHANNELS], processorOptions: { wasmModule, mode: 'message' },
    });
    await reply(messageNode.port);
    done = reply(messageNode.port);
    messageNode.port.postMessage({ blocks: warmBlocks });
    await done;
    await offlineRender('quantum', warmBlocks);
    return { crossOriginIsolated, userAgent: navigator.userAgent };
  },
  main(blocks) {
    mainLoop.runBlocks(blocks);
    return mainLoop.peak();
  },
  worker(blocks) {
    const done = reply(worker);
    worker.postMessage({ blocks });
    return done;
  },
  workletMessage(blocks) {
    const done = reply(messageNode.port);
    messageNode.port.postMessage({ blocks });
    return done;
  },
  workletQuantum: (blocks) => offlineRender('quantum', blocks),
  workletEmpty: (blocks) => offlineRender('empty', blocks),
  workletQuantum8: (blocks) => offlineRender('quantum', blocks, 8),
  workletQuantum1024: (blocks) => offlineRender('quantum', blocks, 8, 8 * BLOCK_FRAMES),
  workletEmpty1024: (blocks) => offlineRender('empty', blocks, 8, 8 * BLOCK_FRAMES),
  workletEmpty8: (blocks) => offlineRender('empty', blocks, 8),
};
