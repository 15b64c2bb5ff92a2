#!/usr/bin/env node
import { main } from './cli.js';

// exitCode rather than exit(): pending output (JSON lines on a pipe) is flushed first
main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`attune: internal error: ${(error as Error)?.stack ?? String(error)}\n`);
    process.exitCode = 1;
  },
);
