// Lint for the TypeScript side (typescript-eslint, flat config): the package API (web/src), the
// AudioWorklet (worklet/), the demo (demo/src) and the Vitest tests (tests/js). Run by `npm test`
// (scripts/lint.sh) and `npx eslint .`.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/**', 'build/**', 'node_modules/**', 'test-artifacts/**', '**/*.mjs', '**/*.js', 'web/src/generated/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts', '**/*.mts'],
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      eqeqeq: ['error', 'always', { null: 'ignore' }],
      'no-console': 'off',
    },
  },
);
