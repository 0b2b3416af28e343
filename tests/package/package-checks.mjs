// Package checks (npm run test:package-checks): the tarball `npm pack` makes, as a user gets it.
//   1. contents: only what users need (dist/ code, the core, type declarations, README, LICENSE,
//      CHANGELOG, package.json); no tests, sources or source maps; every export target present,
//      each JavaScript export with its types
//   2. publint --strict on the tarball: nothing reported
//   3. @arethetypeswrong/cli on the tarball (profile esm-only: the package is ESM only): no problem
//   4. size budget of what a page downloads (dist/index.js, processor.js, wavegraph-core.mjs,
//      wavegraph-core.wasm), gzip (level 9) and brotli (quality 11), per file and in total
// Prints one line per check with the measured numbers and "N passed, M failed"; exits 1 on a failure.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const bin = (name) => join(root, 'node_modules', '.bin', name);

/** Size budget in bytes per downloaded file, compressed; the totals are the sums. Keep README.md in step. */
export const SIZE_BUDGET_BYTES = {
  'dist/index.js': { gzip: 38_500, brotli: 33_000 },
  'dist/processor.js': { gzip: 27_000, brotli: 24_000 },
  'dist/wavegraph-core.mjs': { gzip: 15_000, brotli: 13_500 },
  'dist/wavegraph-core.wasm': { gzip: 268_000, brotli: 191_000 },
};

/** What the tarball may hold: anything else fails the contents check. */
const ALLOWED = [
  /^package\.json$/, /^README\.md$/, /^LICENSE$/, /^CHANGELOG\.md$/,
  /^dist\/(index|processor|render-worker)\.js$/, /^dist\/wavegraph-core\.(mjs|wasm)$/,
  /^dist\/.*\.d\.m?ts$/,
];
/** What it must hold besides the export targets. */
const REQUIRED = ['package.json', 'README.md', 'LICENSE', 'CHANGELOG.md'];

let passed = 0;
let failed = 0;
function report(ok, line) {
  console.log(`${ok ? 'PASS' : 'FAIL'} ${line}`);
  if (ok) ++passed;
  else ++failed;
}

/** Every file an `exports` entry points at, with its condition: [{ entry, condition, file }]. */
function exportTargets(exportsField) {
  const targets = [];
  for (const [entry, value] of Object.entries(exportsField)) {
    if (typeof value === 'string') targets.push({ entry, condition: 'default', file: value });
    else for (const [condition, file] of Object.entries(value)) targets.push({ entry, condition, file });
  }
  return targets.map((t) => ({ ...t, file: t.file.replace(/^\.\//, '') }));
}

function checkContents(pack, manifest) {
  const files = pack.files.map((f) => f.path).sort();
  const unexpected = files.filter((path) => !ALLOWED.some((pattern) => pattern.test(path)));
  const targets = exportTargets(manifest.exports);
  const required = [...new Set([...REQUIRED, ...targets.map((t) => t.file), manifest.main, manifest.types].map((f) => f.replace(/^\.\//, '')))];
  const missing = required.filter((path) => !files.includes(path));
  const jsEntries = [...new Set(targets.filter((t) => /\.m?js$/.test(t.file)).map((t) => t.entry))];
  const untyped = jsEntries.filter((entry) => !targets.some((t) => t.entry === entry && t.condition === 'types'));
  const maps = files.filter((path) => path.endsWith('.map'));
  const declarations = files.filter((path) => /\.d\.m?ts$/.test(path)).length;
  report(unexpected.length === 0 && missing.length === 0 && untyped.length === 0 && maps.length === 0,
    `tarball contents: ${files.length} files, ${(pack.size / 1024).toFixed(0)} KiB packed, ${(pack.unpackedSize / 1024).toFixed(0)} KiB ` +
    `unpacked, ${declarations} type declarations, ${maps.length} source maps; unexpected: ${unexpected.join(', ') || 'none'}; ` +
    `missing: ${missing.join(', ') || 'none'}; JavaScript exports without types: ${untyped.join(', ') || 'none'}`);
}

/** Runs a command; { ok, output } (stdout and stderr). */
function runTool(command, args) {
  try {
    return { ok: true, output: execFileSync(command, args, { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, NO_COLOR: '1' } }) };
  } catch (error) {
    return { ok: false, output: `${error.stdout ?? ''}${error.stderr ?? ''}` || String(error.message) };
  }
}

function checkPublint(tarball) {
  const { ok, output } = runTool(bin('publint'), ['run', tarball, '--strict']);
  const clean = ok && /All good!/.test(output);
  const lines = output.split('\n').filter((line) => line.trim() && !/^(Running|Unpacking|Linting)/.test(line));
  report(clean, `publint --strict on the tarball: ${clean ? 'nothing reported' : lines.join(' | ')}`);
}

// The .wasm export is an asset for bundlers and `new URL(…, import.meta.url)`, not a module
// TypeScript resolves: arethetypeswrong checks the JavaScript entry points.
const ATTW_EXCLUDED = ['./wavegraph-core.wasm'];

function checkTypes(tarball) {
  const { ok, output } = runTool(bin('attw'), [tarball, '--profile', 'esm-only', '--format', 'json', '--exclude-entrypoints', ...ATTW_EXCLUDED]);
  let problems;
  let entrypoints = [];
  try {
    const json = JSON.parse(output);
    problems = json.analysis.problems ?? [];
    entrypoints = Object.keys(json.analysis.entrypoints ?? {});
  } catch {
    problems = [{ kind: `unreadable output: ${output.split('\n')[0]}` }];
  }
  // With the esm-only profile, CommonJS resolutions are not problems; JSON lists all it found.
  const counted = problems.filter((p) => !['node10', 'node16-cjs'].includes(p.resolutionKind));
  report(ok && counted.length === 0,
    `arethetypeswrong (esm-only) on the tarball: ${entrypoints.length} entry points (${entrypoints.join(', ')}; ` +
    `${ATTW_EXCLUDED.join(', ')} is an asset, not checked), ${counted.length} problems` +
    `${counted.length ? `: ${counted.slice(0, 4).map((p) => `${p.kind} ${p.entrypoint ?? ''} ${p.resolutionKind ?? ''}`.trim()).join('; ')}` : ''}`);
}

function checkSizes() {
  const kib = (bytes) => `${(bytes / 1024).toFixed(1)} KiB`;
  const describe = (size) => `${kib(size.raw)} raw, ${kib(size.gzip)} gzip, ${kib(size.brotli)} brotli`;
  const totals = { raw: 0, gzip: 0, brotli: 0 };
  const budgetTotals = { gzip: 0, brotli: 0 };
  const over = [];
  const parts = [];
  for (const [file, budget] of Object.entries(SIZE_BUDGET_BYTES)) {
    const bytes = readFileSync(join(root, file));
    const size = {
      raw: bytes.length,
      gzip: gzipSync(bytes, { level: 9 }).length,
      brotli: brotliCompressSync(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length,
    };
    for (const kind of ['raw', 'gzip', 'brotli']) totals[kind] += size[kind];
    for (const kind of ['gzip', 'brotli']) {
      budgetTotals[kind] += budget[kind];
      if (size[kind] > budget[kind]) over.push(`${file} ${kind} ${size[kind]} B > ${budget[kind]} B`);
    }
    parts.push(`${file.slice('dist/'.length)} ${describe(size)}`);
  }
  for (const k of ['gzip', 'brotli']) if (totals[k] > budgetTotals[k]) over.push(`total ${k} ${totals[k]} B > ${budgetTotals[k]} B`);
  report(over.length === 0,
    `size budget (what a page downloads): total ${kib(totals.raw)} raw, ${kib(totals.gzip)} gzip (budget ${kib(budgetTotals.gzip)}), ` +
    `${kib(totals.brotli)} brotli (budget ${kib(budgetTotals.brotli)}); ${parts.join('; ')}` +
    `${over.length ? `; over budget: ${over.join(', ')}` : ''}`);
}

const work = mkdtempSync(join(tmpdir(), 'wavegraph-pack-'));
try {
  const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
  const [pack] = JSON.parse(execFileSync('npm', ['pack', '--json', '--pack-destination', work], { cwd: root, encoding: 'utf8' }));
  const tarball = join(work, pack.filename);
  checkContents(pack, manifest);
  checkPublint(tarball);
  checkTypes(tarball);
  checkSizes();
} catch (error) {
  report(false, `package checks: ${String(error.message).split('\n')[0]}`);
} finally {
  rmSync(work, { recursive: true, force: true });
}
console.log(`${passed} passed, ${failed} failed`);
process.exitCode = failed === 0 ? 0 : 1;
