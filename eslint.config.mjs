// @ts-check
import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';

/**
 * Layer rules: each folder may only import in one direction.
 *   src/shared   ← pure contract and domain types: no Node, no DOM, no Electron, no React
 *   src/main/core ← Node only: never Electron
 *   src/main/cli  ← the core on Node: never Electron
 *   src/preload   ← Electron + the runtime-free channel list, nothing else
 *   src/renderer  ← reaches main only through window.api: no Electron, Node or main code
 * test/unit/layers.test.ts checks the same rules by reading the imports, so a disabled lint
 * rule cannot hide a crossing.
 */
const NODE_BUILTINS = [
  'node:*',
  'fs',
  'path',
  'os',
  'crypto',
  'child_process',
  'http',
  'https',
  'net',
  'url',
  'util',
];

const restrict = (patterns, message) => ({
  'no-restricted-imports': ['error', { patterns: [{ group: patterns, message }] }],
});

export default tseslint.config(
  {
    ignores: [
      'out/**',
      'dist/**',
      'build/**',
      'native/**',
      '.cache/**',
      'node_modules/**',
      'coverage/**',
      'test-results/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      eqeqeq: ['error', 'always'],
      'no-console': 'off',
    },
  },
  {
    files: ['bin/**/*.cjs'],
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    files: ['src/shared/**/*.ts'],
    rules: restrict(
      [
        'electron',
        'react',
        'react-dom',
        'better-sqlite3',
        'undici',
        ...NODE_BUILTINS,
        '**/main/**',
        '**/renderer/**',
        '**/preload/**',
      ],
      'src/shared holds the contract and domain types only: no runtime, no app layer.',
    ),
  },
  {
    files: ['src/main/cli/**/*.ts'],
    rules: restrict(
      [
        'electron',
        'electron-store',
        '**/shell/**',
        '**/renderer/**',
        '**/preload/**',
        'react',
        'react-dom',
      ],
      'The CLI runs the core on plain Node: no Electron, no shell, no UI.',
    ),
  },
  {
    files: ['src/main/core/**/*.ts'],
    rules: restrict(
      [
        'electron',
        'electron-store',
        '**/shell/**',
        '**/cli/**',
        '**/renderer/**',
        '**/preload/**',
        'react',
        'react-dom',
      ],
      'The core never depends on a host (Electron shell or CLI).',
    ),
  },
  {
    // SQL lives in the data layer: services and commands call repositories, never the driver.
    files: ['src/main/**/*.ts'],
    ignores: ['src/main/core/db/**'],
    rules: {
      'no-restricted-syntax': [
        'error',
        ...[
          "CallExpression[callee.property.name='prepare']",
          "CallExpression[callee.property.name='pragma']",
          "CallExpression[callee.property.name='exec'][callee.object.name=/(^db|Db|DB)$/]",
          "CallExpression[callee.property.name='exec'][callee.object.property.name=/(^db|Db|DB)$/]",
          "CallExpression[callee.name='cached']",
        ].map((selector) => ({
          selector,
          message: 'SQL belongs in src/main/core/db/ (a repository); call one from here.',
        })),
      ],
    },
  },
  {
    files: ['src/preload/**/*.ts'],
    rules: restrict(
      [
        '**/main/**',
        '**/renderer/**',
        'zod',
        'better-sqlite3',
        'undici',
        ...NODE_BUILTINS,
        '**/ipc/contract/*',
      ],
      'The preload exposes the channel allowlist and nothing else (type imports of the contract are fine).',
    ),
  },
  {
    files: ['src/renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      ...restrict(
        [
          'electron',
          'better-sqlite3',
          'undici',
          'electron-store',
          ...NODE_BUILTINS,
          '**/main/**',
          '**/preload/index',
        ],
        'The renderer reaches main only through window.api (src/renderer/src/lib/api.ts).',
      ),
    },
  },
);
