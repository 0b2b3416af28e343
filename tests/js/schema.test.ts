// One schema from C++: every parameter of the reference graph listed four ways — (a) the CLI
// (`wavegraph nodes --json`), (b) the npm API (engine.parameters() of a running engine), (c) the
// docs (docs/graph-json.md's reference graph + docs/parameters.md's tables), (d) the demo's
// controls (demo/src/presets.ts) — must give the same names and ranges. Also: the package's
// referenceGraph(options) builds the same description as the core's referenceGraphJson, and the
// stats block has the length the generated indexes expect.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, test, vi } from 'vitest';
import { createEngine, referenceGraph, REFERENCE_SOURCES, STATS_COUNT } from '../../dist/index.js';
import type { Engine, ReferenceGraphOptions } from '../../dist/index.js';
import { instantiateCore, makeEngine } from './core.js';
import { FakeAudioContext } from './fake-audio-worklet.js';
import { nativeCli, repoRoot } from './paths.js';

vi.mock('wavegraph', () => import('../../dist/index.js'));

const FS = 48000;

/** One parameter as every listing must show it. */
interface Listed {
  unit: string;
  min: number;
  max: number;
  defaultValue?: number;
}
/** "node.param" → its listing. */
type Listing = Map<string, Listed>;

/** The same double (the docs print the shortest text that reads back exactly). */
function same(x: number, y: number): boolean {
  return x === y;
}

/** The differences between two listings, one line each (empty: they agree). */
function differences(expected: Listing, actual: Listing, what: string, subset = false): string[] {
  const out: string[] = [];
  for (const [name, e] of expected) {
    const a = actual.get(name);
    if (a === undefined) {
      if (!subset) out.push(`${what}: ${name} is missing`);
      continue;
    }
    if (a.unit !== e.unit) out.push(`${what}: ${name} unit '${a.unit}' instead of '${e.unit}'`);
    if (!same(a.min, e.min) || !same(a.max, e.max)) out.push(`${what}: ${name} range ${a.min}…${a.max} instead of ${e.min}…${e.max}`);
    if (a.defaultValue !== undefined && e.defaultValue !== undefined && !same(a.defaultValue, e.defaultValue))
      out.push(`${what}: ${name} default ${a.defaultValue} instead of ${e.defaultValue}`);
  }
  for (const name of actual.keys()) if (!expected.has(name)) out.push(`${what}: ${name} is not a parameter of the reference graph`);
  return out;
}

interface CliParam { name: string; unit: string; min: number; max: number; default: number; belowNyquist: boolean }
interface CliSchema {
  nodeTypes: { type: string; params: CliParam[] }[];
  referenceGraph: { description: { nodes: { id: string; type: string }[] } };
}

/** (a) `wavegraph nodes --json`: the reference graph's nodes × their types' parameters. */
function cliListing(): { listing: Listing; belowNyquist: Set<string> } {
  expect(existsSync(nativeCli), `native CLI missing at ${nativeCli}: build it first (bash scripts/build.sh native)`).toBe(true);
  const schema = JSON.parse(execFileSync(nativeCli, ['nodes', '--json'], { encoding: 'utf8' })) as CliSchema;
  const listing: Listing = new Map();
  const belowNyquist = new Set<string>();
  for (const node of schema.referenceGraph.description.nodes) {
    const type = schema.nodeTypes.find((t) => t.type === node.type);
    expect(type, `node type ${node.type} of ${node.id}`).toBeDefined();
    for (const p of type!.params) {
      listing.set(`${node.id}.${p.name}`, { unit: p.unit, min: p.min, max: p.max, defaultValue: p.default });
      if (p.belowNyquist) belowNyquist.add(`${node.id}.${p.name}`);
    }
  }
  return { listing, belowNyquist };
}

/** (b) engine.parameters() of an engine running the reference graph at 48 kHz. */
function apiListing(engine: Engine): Listing {
  const listing: Listing = new Map();
  for (const node of engine.parameters())
    for (const p of node.parameters)
      listing.set(`${node.id}.${p.name}`, { unit: p.unit, min: p.minValue, max: p.maxValue, defaultValue: p.defaultValue });
  return listing;
}

/** (c) docs/graph-json.md's reference graph (its node ids and types) with docs/parameters.md's tables. */
function docsListing(): Listing {
  const graphDoc = readFileSync(join(repoRoot, 'docs', 'graph-json.md'), 'utf8');
  const block = /<!-- generated:reference-graph begin[^\n]*\n```json\n([\s\S]*?)\n```/.exec(graphDoc);
  expect(block, 'docs/graph-json.md: the reference graph block').not.toBeNull();
  const nodes = (JSON.parse(block![1]!) as { nodes: { id: string; type: string }[] }).nodes;
  const tables = readFileSync(join(repoRoot, 'docs', 'parameters.md'), 'utf8');
  const listing: Listing = new Map();
  const number = (text: string): number => Number(text.replace('−', '-'));
  for (const node of nodes) {
    const section = new RegExp(`^## \`${node.type}\` [^\\n]*\\n([\\s\\S]*?)(?=^## |$(?![\\s\\S]))`, 'm').exec(tables);
    expect(section, `docs/parameters.md: a section for ${node.type}`).not.toBeNull();
    for (const row of section![1]!.split('\n')) {
      const cells = row.split('|').map((c) => c.trim());
      if (cells.length < 7 || !/^\d+$/.test(cells[1]!)) continue;
      const [, , name, unit, range, defaultText] = cells;
      const m = /^(\S+) … (?:< Nyquist \((\S+) at [\d.]+ kHz\)|(\S+))$/.exec(range!);
      expect(m, `docs/parameters.md: range '${range}'`).not.toBeNull();
      listing.set(`${node.id}.${name!.replace(/`/g, '')}`, {
        unit: unit === '–' ? '' : unit!, min: number(m![1]!), max: number(m![2] ?? m![3]!), defaultValue: number(defaultText!),
      });
    }
  }
  return listing;
}

/** (d) the demo's controls: the parameters they set and their ranges (no defaults). */
async function demoListing(numBands: number): Promise<{ listing: Listing; belowNyquist: Set<string> }> {
  const { CONTROLLED_PARAMETERS } = await import('../../demo/src/presets.js');
  const listing: Listing = new Map();
  const belowNyquist = new Set<string>();
  for (const control of CONTROLLED_PARAMETERS) {
    const names = control.param.includes('{band}')
      ? Array.from({ length: numBands }, (_, band) => control.param.replace('{band}', String(band)))
      : [control.param];
    for (const name of names) {
      listing.set(`${control.node}.${name}`, { unit: '', min: control.range.min, max: control.range.max });
      if (control.range.belowNyquist) belowNyquist.add(`${control.node}.${name}`);
    }
  }
  return { listing, belowNyquist };
}

const engines: Engine[] = [];
afterEach(() => engines.splice(0).forEach((e) => e.close()));

describe('one schema from C++', () => {
  test('the CLI, the npm API, the docs and the demo list the reference graph parameters with the same names and ranges', async () => {
    const cli = cliListing();
    (globalThis as { crossOriginIsolated?: boolean }).crossOriginIsolated = true;
    const context = new FakeAudioContext(FS);
    const engine = await createEngine(context as unknown as BaseAudioContext, { numChannels: 2 });
    engines.push(engine);
    const api = apiListing(engine);
    const docs = docsListing();
    const demo = await demoListing(8);
    // The demo lists no units: take them from the CLI so that only names and ranges are compared.
    for (const [name, entry] of demo.listing) entry.unit = cli.listing.get(name)?.unit ?? '?';

    const problems = [
      ...differences(cli.listing, api, 'npm API'),
      ...differences(cli.listing, docs, 'docs'),
      ...differences(cli.listing, demo.listing, 'demo', true),
      ...[...demo.belowNyquist].filter((n) => !cli.belowNyquist.has(n)).map((n) => `demo: ${n} below Nyquist, the CLI says not`),
      ...[...cli.belowNyquist].filter((n) => demo.listing.has(n) && !demo.belowNyquist.has(n)).map((n) => `demo: ${n} not marked below Nyquist`),
    ];
    const gain = cli.listing.get('master.gainDb')!;
    const band4 = cli.listing.get('eq.band4.gainDb')!;
    console.log(
      `reference graph parameters: CLI ${cli.listing.size}, npm API ${api.size}, docs ${docs.size}, demo controls ${demo.listing.size}; ` +
      `master.gainDb ${gain.min}…${gain.max} ${gain.unit}, eq.band4.gainDb ${band4.min}…${band4.max} ${band4.unit}; ` +
      `${problems.length} disagreements${problems.length ? `:\n  ${problems.join('\n  ')}` : ''}`,
    );
    expect(cli.listing.size).toBeGreaterThan(30);
    expect(demo.listing.size).toBe(8 * 3 + 1);
    expect(problems).toEqual([]);
  });

  test('referenceGraph(options) in TypeScript builds what the core builds for every source', () => {
    const core = instantiateCore();
    const optionSets: ReferenceGraphOptions[] = [
      {},
      { bandGainsDb: [1, -2, 3, -4, 5, -6, 7, -8], gainDb: -3, webAudioRounding: false },
      { levelDb: -20, frequencyHz: 440, webAudioRounding: true, bandGainsDb: [0, 0, 0, 0, -20] },
    ];
    let compared = 0;
    const differing: string[] = [];
    for (const source of Object.keys(REFERENCE_SOURCES) as (keyof typeof REFERENCE_SOURCES)[]) {
      for (const options of optionSets) {
        const withSource = { ...options, source };
        const built = core.referenceGraph(JSON.stringify(withSource));
        expect(built.error).toBe('');
        compared++;
        try {
          expect(referenceGraph(withSource)).toEqual(JSON.parse(built.json));
        } catch {
          differing.push(JSON.stringify(withSource));
        }
      }
    }
    console.log(`referenceGraph: ${compared} source × option sets compared with the core, ${differing.length} differ ${differing.join(' ')}`);
    expect(compared).toBe(8 * 3);
    expect(differing).toEqual([]);
    expect(core.referenceGraph(JSON.stringify({ source: 'pink' })).error).toMatch(/^source 'pink' is not a reference source/);
  });

  test('the stats block has the fields the generated indexes name', () => {
    const core = instantiateCore();
    const engine = makeEngine(core, FS, 128, 2, 16, 16);
    console.log(`stats block: ${engine.statsCount()} f64 fields in C++, STATS_COUNT ${STATS_COUNT}`);
    expect(engine.statsCount()).toBe(STATS_COUNT);
    engine.delete();
  });
});
