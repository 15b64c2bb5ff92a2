// Test-only: run core's tests on the tfjs backend Node trains with (wasm, SIMD), or the one named
// by ATTUNE_TFJS_BACKEND (e.g. `cpu` for the pure-JS reference). Not part of the published package.
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
// tfjs-core registers no gradients by itself; tfjs-layers' Node bundle does (as @attune/node does).
import '@tensorflow/tfjs-layers';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { createRequire } from 'node:module';
import path from 'node:path';

const require = createRequire(import.meta.url);
setWasmPaths(path.dirname(require.resolve('@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm')) + path.sep);
const wanted = process.env.ATTUNE_TFJS_BACKEND ?? 'wasm';
if (!(await tf.setBackend(wanted))) throw new Error(`tfjs backend ${wanted} failed to initialise`);
await tf.ready();
