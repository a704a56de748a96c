#!/usr/bin/env node
// Launcher only: the CLI lives in dist/cli (built from src/cli).
import { main } from '../dist/cli/main.js';

main(process.argv).then((code) => {
  process.exitCode = code;
});
