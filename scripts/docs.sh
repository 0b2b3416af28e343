#!/usr/bin/env bash
# `npm run docs`: the API documentation, a browsable site under docs/api/ (not committed).
#   docs/api/ts/        TypeDoc (typedoc.json) of the npm package's API, web/src/index.ts
#   docs/api/cpp/html/  Doxygen (docs/Doxyfile) of the installed C and C++ headers (docs/Doxyfile INPUT)
# Fails on any warning, an undocumented public symbol included, naming it and its file.
# Usage: scripts/docs.sh
set -euo pipefail
cd "$(dirname "$0")/.."
say() { printf '\033[1m[wavegraph docs]\033[0m %s\n' "$*"; }

rm -rf docs/api/ts
start=$SECONDS
npx typedoc --logLevel Warn
say "TypeDoc $(node -p "JSON.parse(require('fs').readFileSync('node_modules/typedoc/package.json', 'utf8')).version"): the package API documented, 0 warnings, $((SECONDS - start)) s -> docs/api/ts/index.html"

command -v doxygen >/dev/null || { say "doxygen is missing: run scripts/setup.sh test as root (apt-get install doxygen)"; exit 1; }
rm -rf docs/api/cpp
mkdir -p docs/api/cpp
start=$SECONDS
doxygen docs/Doxyfile
say "Doxygen $(doxygen --version): the installed headers documented, 0 warnings, $((SECONDS - start)) s -> docs/api/cpp/html/index.html"
