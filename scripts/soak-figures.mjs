// Writes the figures of the soaks (build/soak/<name>.json from scripts/soak.sh) into
// docs/reliability.md between the "soak figures" markers. A soak without a JSON file keeps the row
// it has there.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';

const root = join(import.meta.dirname, '..');
const json = (name) => {
  const path = join(root, 'build/soak', `${name}.json`);
  return existsSync(path) ? JSON.parse(readFileSync(path, 'utf8')) : undefined;
};
const mib = (kib) => `${(kib / 1024).toFixed(1)} MiB`;
const load = (name) => {
  const l = json(`${name}.load`);
  return l ? `load ${l.loadStart} → ${l.loadEnd}` : '';
};
// The machine stall probe's count beside the underruns (tests/support/machine-stalls.mjs).
const stallsOf = (stalls) => (stalls?.available
  ? ` (machine stalls meanwhile: ${stalls.stalls} wake-ups later than ${stalls.thresholdMs.toPrecision(3)} ms, max ${stalls.maxLateMs.toFixed(1)} ms)`
  : '');
const verdict = (failures) => (failures === 0 || (Array.isArray(failures) && failures.length === 0) ? 'passed' : `FAILED: ${[failures].flat().join('; ')}`);

// The rows already in the document, by soak ("Offline", "Real time", "Browser"): a soak that was
// not run this time keeps its row (scripts/soak.sh --only NAME).
const path = join(root, 'docs/reliability.md');
const doc = readFileSync(path, 'utf8');
const begin = '<!-- soak figures begin (scripts/soak.sh writes this part) -->';
const end = '<!-- soak figures end -->';
const [head, rest] = doc.split(begin);
if (rest === undefined || !rest.includes(end)) {
  console.error('docs/reliability.md: the soak figures markers are missing');
  process.exit(1);
}
const previous = new Map();
let current;
for (const line of rest.split(end)[0].split('\n')) {
  const name = /^- \*\*([^*]+)\*\*/.exec(line)?.[1];
  if (name) previous.set((current = name), [line]);
  else if (current && line.startsWith('  ')) previous.get(current).push(line);
  else current = undefined;
}
const kept = (name) => previous.get(name) ?? [];

const lines = [];
const offline = json('offline');
if (offline) {
  const costs = offline.windows.map((w) => w.cpuNsPerFrame.toFixed(1)).join(', ');
  lines.push(
    `- **Offline** (${verdict(offline.failures)}): ${offline.audioSeconds / 60} min of audio in ${offline.wallSeconds.toFixed(1)} s ` +
      `(seed ${offline.seed}, ${offline.graphSwaps} graph swaps, ${offline.commands.applied} commands applied, ` +
      `${offline.commands.rejected} rejected, ${offline.commands.late} late). ` +
      `Non-finite samples: ${offline.nonFiniteSamples}. VmRSS: ${mib(offline.rssKib.start)} at start, ` +
      `${mib(offline.rssKib.afterWarmUp)} after the first minute, ${mib(offline.rssKib.end)} at the end. ` +
      `Render-thread CPU per frame, minute by minute: ${costs} ns (minutes 2–3 ${offline.cost.firstNsPerFrame.toFixed(1)}, ` +
      `last two ${offline.cost.lastNsPerFrame.toFixed(1)}: ${(100 * offline.cost.change).toFixed(1)} %). ` +
      `Plans published ${offline.plans.published}, collected ${offline.plans.collected} + 1 running. ` +
      `Events read ${offline.events.read}, dropped ${offline.events.dropped}; ${offline.analyserReads} analyser reads.${load('offline') ? ` ${load('offline')}.` : ''}`,
    `  Reproduce: \`scripts/soak.sh --only offline\` (or \`build/native/tests/soak/wavegraph_soak --minutes 10 --seed 1\`).`,
  );
} else {
  lines.push(...kept('Offline'));
}
const realtime = json('realtime');
if (realtime) {
  lines.push(
    `- **Real time** (${realtime.failures === 0 ? 'passed' : `${realtime.failures} checks FAILED`}): ${realtime.seconds / 60} min ` +
      `on the JACK dummy server (jackd ${realtime.jackMode}), seed ${realtime.seed}: ${realtime.commands} stdin commands ` +
      `(${realtime.refused} refused; ${realtime.logged} in the command log, ${realtime.late} late, ${realtime.eventsDropped} events dropped), ` +
      `underruns reported by wavegraph: ${realtime.underruns}${stallsOf(realtime.machineStalls)}; the --record file against \`render --commands\` of the log: ` +
      `max |diff| ${realtime.offlineMaxAbsDiff} over ${realtime.offlineComparedFrames} frames at lag ${realtime.offlineLag}; against ` +
      `what JACK played: max |diff| ${realtime.maxAbsDiff} over ${realtime.comparedFrames} frames` +
      `${realtime.jackRecOverruns ? ` (jack_rec lost frames: ${realtime.jackRecOverruns})` : `; JACK's recording against the render: max |diff| ${realtime.jackOfflineMaxAbsDiff}`}; ` +
      `RMS ${realtime.rmsDb} dBFS.${load('realtime') ? ` ${load('realtime')}.` : ''}`,
    `  Reproduce: \`scripts/soak.sh --only realtime\` (or \`tests/soak/realtime_soak.sh --seconds 300 --seed 1\`).`,
  );
} else {
  lines.push(...kept('Real time'));
}
const browser = json('browser');
if (browser) {
  lines.push(
    `- **Browser** (${verdict(browser.failures)}): ${browser.seconds / 60} min of a real-time AudioContext in headless ` +
      `Chromium, seed ${browser.seed}: ${browser.setParams} setParam and ${browser.loadGraphs} loadGraph calls; ` +
      `${browser.quanta} render quanta (${browser.expectedQuanta} at the context's rate), audio load ${browser.audioLoadPercent.toFixed(1)} %; ` +
      `JS heap after GC ${mib(browser.heapKib.start)} at start, ${mib(browser.heapKib.afterWarmUp)} after the first minute, ` +
      `${mib(browser.heapKib.end)} at the end; renderer VmRSS (the worklet's wasm memory included) ` +
      `${mib(browser.rendererRssKib.start)}, ${mib(browser.rendererRssKib.afterWarmUp)}, ${mib(browser.rendererRssKib.end)}; ` +
      `dropped commands ${browser.droppedCommands}; ` +
      `console errors ${browser.consoleErrors}.${load('browser') ? ` ${load('browser')}.` : ''}`,
    `  Reproduce: \`scripts/soak.sh --only browser\` (or \`node tests/soak/browser_soak.mjs --minutes 5 --seed 1\`).`,
  );
} else {
  lines.push(...kept('Browser'));
}
const cpu = cpus();
lines.push(`- Machine: ${cpu.length} × ${cpu[0]?.model ?? 'unknown CPU'}, shared with other work (the load figures above); run on ${new Date().toISOString().slice(0, 10)}.`);

writeFileSync(path, `${head}${begin}\n${lines.join('\n')}\n${end}${rest.split(end)[1]}`);
console.log(lines.join('\n'));
