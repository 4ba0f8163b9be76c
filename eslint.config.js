import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import tseslint from 'typescript-eslint';
import urbia from './eslint-rules/urbia.js';
import { LEGACY } from './eslint-rules/legacy.js';
import { ROUTES_FUNCTION_SIZE, SERVICE_SIZE } from './eslint-rules/sizes.js';

/** files that may build SQL: repositories, migrations, seeds and demo data, tests and their helpers */
const SQL_ALLOWED = ['**/*.repository.ts', 'migrations/**', '**/*.seed.ts', '**/*.demo.ts', '**/*.test.ts', '**/*.test-helpers.ts', '**/*.child.ts', 'tests/**', 'bench/**', 'tools/**', 'src/demo.ts'];

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', 'coverage/', 'test-results/', '.urbia/', 'data/', 'web/src/api/schema.gen.ts'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-console': 'off',
    },
  },
  {
    files: ['bin/**/*.js'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly' } },
  },
  // The architecture recipe (docs/architecture.md). Files written before the rules are listed in
  // eslint-rules/legacy.js, a list that may only shrink.
  { plugins: { urbia } },
  { files: ['src/**/*.ts', 'web/**/*.{ts,tsx}'], ignores: LEGACY['module-boundaries'], rules: { 'urbia/module-boundaries': 'error' } },
  { files: ['src/modules/**/*.ts'], ignores: [...SQL_ALLOWED, ...LEGACY['sql-in-repositories']], rules: { 'urbia/sql-in-repositories': 'error' } },
  // An open dataset's declaration (`*.datasets.ts`) is an output adapter like a route: it presents the service's domain objects as a public file.
  { files: ['src/modules/**/*.ts'], ignores: ['**/*.routes.ts', '**/*.datasets.ts', '**/*.presenter.ts', '**/*.test.ts', ...LEGACY['presenters-from-routes']], rules: { 'urbia/presenters-from-routes': 'error' } },
  { files: ['src/modules/*/index.ts'], ignores: LEGACY['index-exports-no-repository'], rules: { 'urbia/index-exports-no-repository': 'error' } },
  // Size keeps the slices honest: past these limits a file does two things and is cut by resource.
  { files: ['src/modules/**/*.service.ts'], ignores: LEGACY['max-lines'], rules: { 'max-lines': ['error', SERVICE_SIZE] } },
  { files: ['src/modules/**/*.routes.ts'], ignores: LEGACY['max-lines-per-function'], rules: { 'max-lines-per-function': ['error', ROUTES_FUNCTION_SIZE] } },
  {
    files: ['web/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    rules: { 'react-hooks/rules-of-hooks': 'error', 'react-hooks/exhaustive-deps': 'warn' },
  },
);
