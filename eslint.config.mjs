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
  // House style B2, the dependency rule. Each block lists what a module may not import.
  {
    files: ['src/ofp/**'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ group: ['../*', '!../ofp/*'], message: 'src/ofp depends on node:* only' }] }],
    },
  },
  {
    // Sessions are owned by the switch manager; only the flow installer and reconciler talk to them directly.
    files: ['src/**'],
    ignores: ['src/ofp/**', 'src/core/switch-manager.ts', 'src/flows/installer.ts', 'src/flows/reconciler.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            { name: 'better-sqlite3', message: 'only src/store (and the composition roots) use SQLite' },
            { name: 'express', message: 'only src/rest uses express' },
          ],
          patterns: [{ group: ['**/ofp/connection'], message: 'only the switch manager, flow installer and reconciler own sessions' }],
        },
      ],
    },
  },
  {
    files: ['src/store/**', 'src/app.ts', 'src/main.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ group: ['**/ofp/connection'], message: 'sessions belong to the switch manager' }] }],
    },
  },
  {
    files: ['src/rest/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'better-sqlite3', message: 'REST handlers call services, never SQL' }],
          patterns: [
            { group: ['**/ofp/connection'], message: 'REST handlers call services, never sessions' },
            { group: ['**/store', '**/store/*'], message: 'REST handlers call services, never repositories' },
          ],
        },
      ],
    },
  },
  {
    // The domain never touches sockets, SQL or HTTP (B2).
    files: ['src/topology/**', 'src/pathfinder/**', 'src/eline/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: ['better-sqlite3', 'express', 'node:net', 'node:tls', 'node:http'].map((name) => ({ name, message: 'domain code does no I/O' })),
          patterns: [
            { group: ['**/ofp/connection', '**/store', '**/store/*', '**/rest/*'], message: 'domain code does no I/O' },
          ],
        },
      ],
    },
  },
);
