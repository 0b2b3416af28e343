#!/usr/bin/env bash
# Static checks run by `npm test`: C++ formatting (clang-format 14 with .clang-format), the
# TypeScript lint (typescript-eslint, eslint.config.mjs) and strict type-checks of the demo
# (the package and the worklet are type-checked strictly by scripts/build-ts.mjs), and that every
# test named in docs/reliability.md's bad-input table exists (scripts/check-reliability-table.mjs).
# Fix formatting with: git ls-files '*.h' '*.cpp' | xargs clang-format -i
set -uo pipefail
cd "$(dirname "$0")/.."
say() { printf '\033[1m[wavegraph lint]\033[0m %s\n' "$*"; }
status=0

mapfile -t cpp < <(git ls-files '*.h' '*.cpp')
if clang-format --dry-run --Werror "${cpp[@]}" 2>/tmp/wavegraph-format.txt; then
  say "clang-format: ${#cpp[@]} files formatted"
else
  say "clang-format: $(grep -c 'error:' /tmp/wavegraph-format.txt) lines need formatting in $(grep 'error:' /tmp/wavegraph-format.txt | cut -d: -f1 | sort -u | wc -l) files (first: $(grep -m1 'error:' /tmp/wavegraph-format.txt))"
  status=1
fi
if npx eslint --max-warnings 0 .; then say "eslint: clean"; else status=1; fi
if node node_modules/typescript/bin/tsc -p demo/tsconfig.json --noEmit; then say "tsc --strict (demo): clean"; else status=1; fi
if node scripts/check-reliability-table.mjs; then :; else status=1; fi
exit $status
