import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';

/** Kysely's query builders: where they are called, SQL is written. */
const QUERY_BUILDERS = ['selectFrom', 'insertInto', 'updateTable', 'deleteFrom', 'replaceInto', 'mergeInto'];

/** Import rules every server file keeps (a later config's `no-restricted-imports` replaces, not adds). */
const SERVER_NO_WEB = { group: ['**/web/**'], message: 'The server never imports browser code.' };
const OTHER_AREAS_REPOSITORY = { regex: '^(\\.\\./)+(?!db/)[a-z-]+/([a-z-]+/)*[a-z-]+\\.repository\\.ts$', message: 'Another area’s repository: call that area’s service instead.' };

const SQL_OUTSIDE_REPOSITORY = {
  selector: `CallExpression[callee.property.name=/^(${QUERY_BUILDERS.join('|')})$/]`,
  message: 'Queries belong in this area’s *.repository.ts (or src/server/db/): services call repository functions.',
};

/** Typed errors (issue 17.3): a code's status and message come from the table, never from the throw site. */
const ERRORS_FROM_THE_TABLE = ['NewExpression[callee.name="AppError"]', 'ClassDeclaration[superClass.name="AppError"]'].map((selector) => ({
  selector,
  message: 'Throw appError(code, params) from src/server/errors.ts: each code’s status and message are in the table (src/contract/errors.ts).',
}));

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
  {
    files: ['e2e/**/*.spec.ts'],
    rules: {
      'no-restricted-imports': ['error', { paths: [{ name: '@playwright/test', message: "Import test and expect from './test.ts': it closes the browser contexts a journey opens." }] }],
    },
  },
  // Data access (issue 17.1): SQL is written in an area's *.repository.ts (and in db/), and an area
  // reads another area's data through that area's service, never its repository. Typed errors
  // (17.3): only errors.ts constructs an AppError. Both are no-restricted-syntax, and a later entry
  // replaces the rule's options for the files it matches, so each entry lists all that apply there.
  {
    files: ['src/server/**/*.ts'],
    ignores: ['src/server/**/*.test.ts'],
    rules: { 'no-restricted-syntax': ['error', ...ERRORS_FROM_THE_TABLE] },
  },
  {
    files: ['src/server/**/*.ts'],
    ignores: ['src/server/**/*.repository.ts', 'src/server/db/**', 'src/server/**/*.test.ts'],
    rules: { 'no-restricted-syntax': ['error', SQL_OUTSIDE_REPOSITORY, ...ERRORS_FROM_THE_TABLE] },
  },
  {
    files: ['src/server/errors.ts'],
    rules: { 'no-restricted-syntax': ['error', SQL_OUTSIDE_REPOSITORY] },
  },
  {
    files: ['src/server/**/*.ts'],
    ignores: ['src/server/**/*.test.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [SERVER_NO_WEB, OTHER_AREAS_REPOSITORY],
        },
      ],
    },
  },
  // An actor per request (issue 17.4): services take the Actor, never the HTTP request. Only routes,
  // the http/, auth/ and plugins/ plumbing and the app's wiring (jobs/, public-cache.ts) see Fastify.
  {
    files: ['src/server/*/**/*.ts'],
    ignores: [
      'src/server/**/*.test.ts',
      'src/server/**/*.routes.ts',
      'src/server/http/**',
      'src/server/auth/**',
      'src/server/plugins/**',
      'src/server/jobs/jobs.ts',
      'src/server/jobs/test-routes.ts',
      'src/server/public/public-cache.ts',
    ],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            SERVER_NO_WEB,
            OTHER_AREAS_REPOSITORY,
            { group: ['fastify', 'fastify/*', 'fastify-*', '@fastify/*'], message: 'Services take the Actor (src/server/actor.ts), not the Fastify request: only routes and plugins know Fastify.' },
          ],
        },
      ],
    },
  },
  {
    // Files at the root of src/server (app.ts, seed.ts, …) belong to no area: they may use db/ only.
    files: ['src/server/*.ts'],
    ignores: ['src/server/*.test.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['**/web/**'], message: 'The server never imports browser code.' },
            { regex: '^\\./(?!db/)[a-z-]+/([a-z-]+/)*[a-z-]+\\.repository\\.ts$', message: 'An area’s repository: call that area’s service instead.' },
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
