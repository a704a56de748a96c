import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'coverage/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { process: 'readonly', console: 'readonly', Buffer: 'readonly', performance: 'readonly', URL: 'readonly' } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    // Library layers never print, read argv or exit: that is the CLI's job.
    files: ['src/directory/**', 'src/doctor/**', 'src/validate/**', 'src/sync/**', 'src/logs/**', 'src/jobs/**', 'src/emulator/**', 'src/config/**'],
    rules: {
      'no-console': 'error',
      'no-restricted-properties': ['error',
        { object: 'process', property: 'exit', message: 'library code throws; the CLI exits' },
        { object: 'process', property: 'argv', message: 'library code takes options; the CLI parses argv' },
        { object: 'process', property: 'stdout', message: 'library code returns data; the CLI renders' },
      ],
    },
  },
  {
    // The CLI reaches the terminal and the process only through its Io (src/cli/io.ts): tests drive
    // commands with a fake Io, so env, cwd, tty flags, width, stdin, prompts and signals come from it.
    files: ['src/cli/**'],
    ignores: [
      'src/cli/io.ts',
      // Not moved onto the Io yet (their commands move to folders in a later change):
      'src/cli/commands/graph.ts',
      'src/cli/commands/agents.ts',
      'src/cli/output/job.ts',
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
);
