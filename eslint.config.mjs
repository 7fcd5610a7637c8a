import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'data/**', 'coverage/**', '.bench/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      'no-console': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-constant-condition': ['error', { checkLoops: false }],
    },
  },
  {
    // Entry points, scripts and benchmarks talk to the terminal; everything else uses the injected logger.
    files: ['src/main.ts', 'src/cli/**', 'bin/**', 'scripts/**', 'bench/**', 'mininet/**'],
    rules: { 'no-console': 'off' },
  },
  {
    files: ['**/*.js', '**/*.cjs'],
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    // House style B2: the codec depends on nothing but node:*.
    files: ['src/ofp/**'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ group: ['../*', '!../ofp/*'], message: 'src/ofp depends on node:* only' }] }],
    },
  },
);
