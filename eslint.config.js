// ESLint (flat config) with typescript-eslint: `npm run lint`, also run by .ci/run (a lint error fails CI).
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'reports/**', 'models/**', 'datasets/**', 'coverage/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.{ts,js,mjs,cjs}'],
    languageOptions: {
      ecmaVersion: 2022,
      sourceType: 'module',
      globals: { ...globals.node },
    },
    rules: {
      // Unused names are mistakes, except `_`-prefixed ones kept for a signature's sake.
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      eqeqeq: ['error', 'always'],
      // Code lines stay readable side by side; long strings, template literals, URLs and regexps may run on.
      'max-len': ['error', { code: 140, ignoreStrings: true, ignoreTemplateLiterals: true, ignoreUrls: true, ignoreRegExpLiterals: true }],
      // Escaping text for HTML, XML, CSV and terminals matches control characters on purpose.
      'no-control-regex': 'off',
    },
  },
  {
    // Issue #21 item 7: these folders wrap long strings and template literals too (URLs and regexps may still run on).
    files: ['src/**/*.ts'],
    rules: { 'max-len': ['error', { code: 140, ignoreUrls: true, ignoreRegExpLiterals: true }] },
  },
  {
    // Reference values copied from scipy, one case per line.
    files: ['test/stats/branches.test.ts'],
    rules: { 'max-len': 'off' },
  },
  {
    // The report's own script runs in the browser.
    files: ['templates/report.js'],
    languageOptions: { sourceType: 'script', globals: { ...globals.browser } },
  },
  {
    files: ['**/*.cjs'],
    languageOptions: { sourceType: 'commonjs' },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
);
