import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';

/** Kysely's query builders: where they are called, SQL is written. */
const QUERY_BUILDERS = ['selectFrom', 'insertInto', 'updateTable', 'deleteFrom', 'replaceInto', 'mergeInto'];

/**
 * Files that still write SQL outside a repository, or read another area's repository. To move
 * (issue 17.1); the list only shrinks: a new file is held to the rule.
 */
const LEGACY_SQL = [
  'src/server/notices/notices.service.ts',
  'src/server/register/register.service.ts',
  'src/server/documents/documents.service.ts',
  'src/server/auth/sessions.ts',
  'src/server/admin/admin.service.ts',
  'src/server/seed.ts',
  'src/server/progress/progress.service.ts',
  'src/server/auth/idp/idp-store.adapter.ts',
  'src/server/review/review.service.ts',
  'src/server/audit/audit.service.ts',
  'src/server/notifications/notifications.service.ts',
  'src/server/secrets.ts',
  'src/server/notifications/notify.ts',
  'src/server/http/rate-limit-store.ts',
  'src/server/cases/case-transition.ts',
  'src/server/cases/case-effects.ts',
  'src/server/calendar/calendar.service.ts',
  'src/server/blobs/orphan-sweep.ts',
];
const LEGACY_CROSS_AREA = [
  'src/server/admin/admin.routes.ts',
  'src/server/admin/admin.service.ts',
  'src/server/auth/auth.routes.ts',
  'src/server/cases/case-transition.ts',
  'src/server/documents/documents.service.ts',
  'src/server/notices/notices.service.ts',
  'src/server/progress/progress.service.ts',
  'src/server/public/qualifications.repository.ts',
  'src/server/review/review.service.ts',
];

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', 'test-results/', 'playwright-report/', 'e2e/artifacts/', 'data/', '.tmp/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
    rules: {
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['src/web/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    rules: { ...reactHooks.configs.recommended.rules },
  },
  // Layering: domain is runtime-neutral; web and server never import each other.
  {
    files: ['src/domain/**/*.ts'],
    ignores: ['src/domain/**/*.test.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ group: ['node:*', '**/server/**', '**/web/**', 'fastify*', 'kysely*', 'react*', 'antd*'], message: 'src/domain must stay runtime-neutral (shared by server and browser).' }] }],
    },
  },
  {
    files: ['src/web/**/*.{ts,tsx}'],
    ignores: ['src/web/**/*.test.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [{ group: ['**/server/**', 'node:*'], message: 'The browser app talks to the server over HTTP only.' }] }] },
  },
  {
    files: ['src/server/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [{ group: ['**/web/**'], message: 'The server never imports browser code.' }] }] },
  },
  // Data access (issue 17.1): SQL is written in an area's *.repository.ts (and in db/), and an area
  // reads another area's data through that area's service, never its repository.
  {
    files: ['src/server/**/*.ts'],
    ignores: ['src/server/**/*.repository.ts', 'src/server/db/**', 'src/server/**/*.test.ts', ...LEGACY_SQL],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector: `CallExpression[callee.property.name=/^(${QUERY_BUILDERS.join('|')})$/]`,
          message: 'Queries belong in this area’s *.repository.ts (or src/server/db/): services call repository functions.',
        },
      ],
    },
  },
  {
    files: ['src/server/**/*.ts'],
    ignores: ['src/server/**/*.test.ts', ...LEGACY_CROSS_AREA],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['**/web/**'], message: 'The server never imports browser code.' },
            { regex: '^(\\.\\./)+(?!db/)[a-z-]+/[a-z-]+\\.repository\\.ts$', message: 'Another area’s repository: call that area’s service instead.' },
          ],
        },
      ],
    },
  },
  // API contract (issue 17.2): request and response shapes are declared once, in src/contract, which
  // both sides import and which imports neither; the browser's client (src/web/api) declares none.
  {
    files: ['src/contract/**/*.ts'],
    ignores: ['src/contract/**/*.test.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ group: ['node:*', '**/server/**', '**/web/**', 'fastify*', 'kysely*', 'react*', 'antd*'], message: 'src/contract is shared by server and browser: it imports zod and src/domain only.' }] },
      ],
    },
  },
  {
    files: ['src/web/api/**/*.ts'],
    ignores: ['src/web/api/**/*.test.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        ...['TSInterfaceDeclaration', 'TSTypeAliasDeclaration', 'TSTypeLiteral'].map((selector) => ({
          selector,
          message: 'API shapes are declared once, in src/contract (issue 17.2): import the request or response type from there.',
        })),
      ],
    },
  },
);
