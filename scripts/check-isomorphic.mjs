#!/usr/bin/env node
// Lint rule the type checker cannot express: @attune/core must run in Node, browsers and workers
// alike, so its published sources import no Node built-ins, no ONNX Runtime binding, no platform
// package and touch no DOM global. Tests and test-support files are exempt (they run in Node).
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';

const root = process.argv[2] ?? 'src';
const banned = [
  [/from\s+['"](node:[^'"]+|fs|path|os|child_process|worker_threads|crypto|url|util)['"]/, 'a Node built-in'],
  [/from\s+['"]onnxruntime-[^'"]+['"]/, 'an ONNX Runtime platform package (belongs in @attune/node or @attune/web)'],
  [/from\s+['"]@attune\/(node|web)['"]/, 'a platform package'],
  [/from\s+['"]@tensorflow\/tfjs-(node|backend-[^'"]+)['"]/, 'a tfjs platform backend (the app picks the backend)'],
  [/\b(window|document|navigator|localStorage|indexedDB)\./, 'a DOM global'],
  [/\bprocess\.(env|argv|exit|cwd)/, 'the Node process object'],
];

const files = [];
(function walk(dir) {
  for (const name of readdirSync(dir)) {
    const p = path.join(dir, name);
    if (statSync(p).isDirectory()) {
      if (name !== 'test-support' && name !== '__fixtures__') walk(p);
    } else if (p.endsWith('.ts') && !p.endsWith('.test.ts')) files.push(p);
  }
})(root);

let problems = 0;
for (const file of files) {
  readFileSync(file, 'utf8')
    .split('\n')
    .forEach((line, i) => {
      if (/^(\/\/|\/?\*)/.test(line.trim())) return; // comments may name anything
      for (const [pattern, what] of banned) {
        if (pattern.test(line)) {
          console.error(`${file}:${i + 1}: imports or uses ${what}: ${line.trim()}`);
          problems++;
        }
      }
    });
}
if (problems) {
  console.error(`\n${problems} isomorphism problem(s) in ${root}.`);
  process.exit(1);
}
console.log(`isomorphic check: ${files.length} files in ${root} import nothing platform-specific.`);
