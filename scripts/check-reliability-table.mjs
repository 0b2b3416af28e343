// Checks that every test named in the bad-input table of docs/reliability.md exists, so that no
// row can name a missing test. Names: GoogleTest `Suite.Name` or `Prefix/Suite.Name/case`
// (tests/**/*.cpp), Vitest `file.test.ts: title` (tests/js), `e2e checkName` (tests/e2e) and
// `ctest name` (add_test in a CMakeLists.txt). Prints each row's count; exits 1 on a missing test.
import { readFileSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';

const root = join(import.meta.dirname, '..');
const files = (dir, test) =>
  readdirSync(join(root, dir), { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && test(e.name))
    .map((e) => join(e.parentPath ?? e.path, e.name));
const read = (path) => readFileSync(path, 'utf8');
const cpp = files('tests', (n) => n.endsWith('.cpp')).map((p) => ({ path: p, text: read(p) }));
const js = files('tests/js', (n) => n.endsWith('.test.ts')).map((p) => ({ path: p, text: read(p) }));
const e2e = files('tests/e2e', (n) => n.endsWith('.mjs')).map((p) => ({ path: p, text: read(p) }));
const cmake = [...files('tests', (n) => n === 'CMakeLists.txt'), join(root, 'CMakeLists.txt')].map(read).join('\n');
const escape = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Where `name` is defined (a file path), or undefined. */
function find(name) {
  let m;
  if ((m = /^e2e (\w+)$/.exec(name))) {
    const re = new RegExp(`function ${m[1]}\\s*\\(`);
    return e2e.find((f) => re.test(f.text))?.path;
  }
  if ((m = /^ctest (\S+)$/.exec(name))) return new RegExp(`add_test\\(NAME ${escape(m[1])}\\s`).test(cmake) ? 'CMakeLists.txt' : undefined;
  if ((m = /^([\w.-]+\.test\.ts): (.+)$/.exec(name))) {
    const [, file, title] = m;
    return js.find((f) => f.path.endsWith(`/${file}`) && f.text.includes(title))?.path;
  }
  if ((m = /^(?:(\w+)\/)?(\w+)\.(\w+)(?:\/(\w+))?$/.exec(name))) {
    const [, prefix, suite, test, param] = m;
    if (prefix || param) {
      const re = new RegExp(`TEST_P\\(\\s*${suite},\\s*${test}\\s*\\)`);
      const inst = new RegExp(`INSTANTIATE_TEST_SUITE_P\\(\\s*${prefix},\\s*${suite}\\b`);
      return cpp.find((f) => re.test(f.text) && inst.test(f.text) && (!param || f.text.includes(`"${param}"`)))?.path;
    }
    const re = new RegExp(`TEST(_F)?\\(\\s*${suite},\\s*${test}\\s*\\)`);
    return cpp.find((f) => re.test(f.text))?.path;
  }
  return undefined;
}

const doc = read(join(root, 'docs/reliability.md'));
const section = doc.split(/^## Bad input$/m)[1]?.split(/^## /m)[0] ?? '';
const rows = section.split('\n').filter((l) => l.startsWith('| ') && !l.startsWith('| bad input') && !l.startsWith('| ---'));
let missing = 0;
let named = 0;
for (const row of rows) {
  const cells = row.split(' | ');
  const tests = [...(cells.at(-1) ?? '').matchAll(/`([^`]+)`/g)].map((t) => t[1]);
  if (tests.length === 0) {
    console.error(`docs/reliability.md: a row names no test: ${cells[0]}`);
    missing += 1;
  }
  for (const name of tests) {
    named += 1;
    if (!find(name)) {
      console.error(`docs/reliability.md: "${name}" (row "${cells[0].replace(/^\| /, '')}") is not a test in tests/`);
      missing += 1;
    }
  }
}
if (rows.length === 0) {
  console.error('docs/reliability.md: no bad-input table found under "## Bad input"');
  process.exit(1);
}
console.log(`bad-input table: ${rows.length} rows, ${named} test names, ${missing} missing (${relative(process.cwd(), join(root, 'docs/reliability.md'))})`);
process.exit(missing ? 1 : 0);
