import js from '@eslint/js';
import { createTypeScriptImportResolver } from 'eslint-import-resolver-typescript';
import importX from 'eslint-plugin-import-x';
import tseslint from 'typescript-eslint';

/** Zones are relative to the repository, wherever eslint is started from. */
const ROOT = import.meta.dirname;

/** src/cli may import the library; nothing else in src may import the CLI. */
const LIBRARY_NOT_CLI = {
  target: ['./src/!(cli)/**/*', './src/*.ts'],
  from: './src/cli',
  message: 'library code never imports the CLI: return values, throw typed errors, report through hooks',
};

/** The emulator is a test and try-out tool behind `cloudsync/emulator`: product code never loads it. */
const PRODUCT_NOT_EMULATOR = {
  target: './src',
  from: './src/emulator',
  message: "product code never imports the emulator (it is the separate entry 'cloudsync/emulator'); only the CLI's emulator command and tests start it",
};

/** Where the emulator may be imported: itself, the CLI command that starts it, tests. */
const EMULATOR_USERS = ['src/emulator/**', 'src/cli/commands/emulator/**', 'src/**/*.test.ts'];

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'coverage/**', '.bench/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { process: 'readonly', console: 'readonly', Buffer: 'readonly', performance: 'readonly', URL: 'readonly' } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'max-lines': ['warn', { max: 400 }],
    },
  },
  {
    // Library code (all of src but the CLI) never prints, reads argv or stdin, or exits: that is
    // the CLI's job, through its IO object.
    files: ['src/**/*.ts'],
    ignores: ['src/cli/**'],
    rules: {
      'no-console': 'error',
      'no-restricted-properties': ['error',
        { object: 'process', property: 'exit', message: 'library code throws; the CLI exits' },
        { object: 'process', property: 'exitCode', message: 'library code returns an outcome; the CLI sets the exit code' },
        { object: 'process', property: 'argv', message: 'library code takes options; the CLI parses argv' },
        { object: 'process', property: 'stdout', message: 'library code returns data; the CLI renders' },
        { object: 'process', property: 'stderr', message: 'library code reports through hooks; the CLI writes to stderr' },
        { object: 'process', property: 'stdin', message: 'library code takes its input as options or streams; the CLI reads stdin' },
      ],
    },
  },
  {
    // The CLI reaches the terminal and the process only through its Io (src/cli/io.ts): tests drive
    // commands with a fake Io, so env, cwd, tty flags, width, stdin, prompts and signals come from it.
    files: ['src/cli/**'],
    ignores: [
      'src/cli/io.ts',
    ],
    rules: {
      'no-console': 'error',
      'no-restricted-properties': ['error',
        ...['stdout', 'stderr', 'stdin', 'exit', 'exitCode', 'on', 'once', 'off', 'env', 'cwd', 'argv', 'kill'].map((property) => ({
          object: 'process',
          property,
          message: 'use the Io (ctx.io): out, err, columns, env, cwd, readStdin, confirm, promptSecret, interrupts',
        })),
      ],
    },
  },
  {
    // Layers, checked on resolved paths (static and dynamic imports alike), and no import cycles.
    files: ['src/**/*.ts'],
    plugins: { 'import-x': importX },
    settings: {
      'import-x/extensions': ['.ts', '.js', '.mjs'],
      'import-x/parsers': { '@typescript-eslint/parser': ['.ts'] },
      'import-x/resolver-next': [createTypeScriptImportResolver({ project: `${ROOT}/tsconfig.json` })],
    },
    rules: {
      'import-x/no-restricted-paths': ['error', { basePath: ROOT, zones: [LIBRARY_NOT_CLI, PRODUCT_NOT_EMULATOR] }],
      'import-x/no-cycle': ['error', { ignoreExternal: true }],
    },
  },
  {
    files: EMULATOR_USERS,
    rules: { 'import-x/no-restricted-paths': ['error', { basePath: ROOT, zones: [LIBRARY_NOT_CLI] }] },
  },
);
