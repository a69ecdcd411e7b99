// ESLint flat config. The import-x/no-restricted-paths zones are docs/architecture.md's import rules:
// a renderer/ file importing main/ or server/ fails the lint, and so does shared/ importing any layer.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import importX, { createNodeResolver } from 'eslint-plugin-import-x';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';

const layers = ['main', 'preload', 'renderer', 'server'];

/**
 * UI files never write: renderer/screens, renderer/components, renderer/desk (and the read-only
 * renderer/hooks) change data only through renderer/actions and read it through renderer/hooks.
 * Exported for the probe test (test/unit/tooling/uiWritesRule.test.ts).
 */
export const uiFiles = ['renderer/screens/**/*.{ts,tsx}', 'renderer/components/**/*.{ts,tsx}', 'renderer/desk/**/*.{ts,tsx}'];
/** The data hooks read the database (that is their job) but never write it or call the server. */
export const hookFiles = ['renderer/hooks/**/*.{ts,tsx}'];
/** RxDB's document and collection writes (RxCollection and RxDocument methods). */
export const databaseWrites = [
  'insert', 'bulkInsert', 'insertIfNotExists', 'upsert', 'bulkUpsert', 'incrementalUpsert',
  'patch', 'incrementalPatch', 'modify', 'incrementalModify', 'update', 'incrementalUpdate', 'updateCRDT',
  'remove', 'incrementalRemove', 'bulkRemove', 'putAttachment', 'putAttachmentBase64', 'cleanup',
];
const writeNames = databaseWrites.join('|');
const uiWriteMessage = 'UI files never write to the database: call an action from renderer/actions (useActions()) instead — see renderer/actions/README.md.';
const uiFetchMessage = 'UI files never call the server: add or use an action in renderer/actions (useActions()) — see renderer/actions/README.md.';
const noWrites = [
  { selector: `CallExpression[callee.property.name=/^(${writeNames})$/]`, message: uiWriteMessage },
  { selector: "CallExpression[callee.name='fetch']", message: uiFetchMessage },
  { selector: "MemberExpression[property.name='fetch'][object.name=/^(window|globalThis|self)$/]", message: uiFetchMessage },
];
const noDatabaseMessage = 'UI files read through renderer/hooks and write through renderer/actions, never through the database object.';
const noDatabase = [
  { selector: "MemberExpression[property.name='db']", message: noDatabaseMessage },
  { selector: "VariableDeclarator > ObjectPattern > Property[key.name='db']", message: noDatabaseMessage },
];

export default tseslint.config(
  { ignores: ['node_modules/**', 'out/**', 'dist/**', 'data/**', 'release/**', 'test-results/**', 'playwright-report/**', 'resources/**', 'renderer/public/ocr/**', '**/*.min.js'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    plugins: { 'import-x': importX },
    settings: { 'import-x/resolver-next': [createNodeResolver({ extensions: ['.ts', '.tsx', '.js', '.mjs', '.json'] })] },
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'off',
      'import-x/no-restricted-paths': [
        'error',
        {
          zones: [
            { target: './shared', from: [...layers, 'tools'].map((l) => `./${l}`), message: 'shared/ is pure: it imports no other layer (docs/architecture.md).' },
            { target: './renderer', from: ['./main', './server', './preload', './tools'], message: 'renderer/ reaches the OS only through the preload API (docs/architecture.md).' },
            { target: './server', from: ['./renderer', './main', './preload'], message: 'server/ never imports renderer/ or main/ (docs/architecture.md).' },
            { target: './main', from: ['./renderer', './server'], message: 'main/ never imports renderer/ or server/.' },
            { target: './preload', from: ['./renderer', './server', './main', './tools'], message: 'preload/ imports only shared/.' },
            { target: './tools', from: ['./main', './preload', './server'], message: 'tools/ are CLIs over shared/ and renderer pipelines; they do not reach into main/, preload/ or server/.' },
          ],
        },
      ],
    },
  },
  {
    files: ['renderer/**/*.tsx', 'renderer/**/*.ts'],
    plugins: { 'react-hooks': reactHooks },
    rules: { 'react-hooks/rules-of-hooks': 'error', 'react-hooks/exhaustive-deps': 'warn' },
  },
  { files: hookFiles, rules: { 'no-restricted-syntax': ['error', ...noWrites] } },
  { files: uiFiles, rules: { 'no-restricted-syntax': ['error', ...noWrites, ...noDatabase] } },
);
