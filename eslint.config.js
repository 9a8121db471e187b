import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';
import { apiPathsRule } from './eslint/apiPaths.js';
import { classifiedRule } from './eslint/dependencies.js';
import layers from './eslint/layers.js';

const openpsm = { rules: { ...layers.rules, 'api-paths': apiPathsRule, 'classified-dependencies': classifiedRule } };

export default tseslint.config(
  { ignores: ['out/**', 'node_modules/**', 'test-results/**', 'playwright-report/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    plugins: { openpsm, 'react-hooks': reactHooks },
    languageOptions: { globals: { ...globals.node } },
    rules: {
      'openpsm/layers': 'error',
      'openpsm/classified-dependencies': 'error',
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-console': 'error',
      eqeqeq: 'error',
    },
  },
  {
    files: ['src-renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    rules: { ...reactHooks.configs.recommended.rules },
  },
  {
    // Tests and the route tables themselves may write paths: tests probe the wire as it is.
    files: ['src-*/**/*.{ts,tsx}'],
    ignores: ['src-shared/common/api/controlPlane/**', '**/*.test.ts', '**/*.test.tsx'],
    rules: { 'openpsm/api-paths': 'error' },
  },
  {
    // Issue 20: small units, in every process.
    files: [
      'src-server/**/*.{ts,tsx}',
      'src-main/**/*.{ts,tsx}',
      'src-shared/**/*.{ts,tsx}',
      'src-renderer/**/*.{ts,tsx}',
    ],
    ignores: ['**/*.test.ts', '**/*.test.tsx'],
    rules: {
      'max-lines-per-function': ['error', { max: 80, skipBlankLines: true, skipComments: true }],
      'max-lines': ['error', { max: 300 }],
    },
  },
  {
    files: ['scripts/**', 'e2e/**', 'eslint/**'],
    rules: { 'no-console': 'off' },
  },
);
