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
    files: ['src/directory/**', 'src/doctor/**', 'src/validate/**', 'src/sync/**', 'src/logs/**', 'src/cloud-sync/**', 'src/tenant/**', 'src/util/**', 'src/emulator/**', 'src/config/**'],
    rules: {
      'no-console': 'error',
      'no-restricted-properties': ['error',
        { object: 'process', property: 'exit', message: 'library code throws; the CLI exits' },
        { object: 'process', property: 'argv', message: 'library code takes options; the CLI parses argv' },
        { object: 'process', property: 'stdout', message: 'library code returns data; the CLI renders' },
      ],
    },
  },
);
