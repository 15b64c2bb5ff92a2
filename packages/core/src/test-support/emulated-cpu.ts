// Runs an ONNX model on onnxruntime-node under an emulated AVX2-only x86-64 CPU (qemu-x86_64's
// Haswell: no AVX-512, no VNNI), so tests can check kernels that differ between CPUs whatever
// machine runs the suite. qemu-user is a Debian package; `.ci/run` installs it.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const RUNNER = fileURLToPath(new URL('../onnx/__fixtures__/run-onnx.mjs', import.meta.url));

/** The model's first output (float32) for one input, computed under an emulated Haswell CPU. */
export function runOnEmulatedHaswell(model: Uint8Array, inputName: string, input: Float32Array | Int32Array, dims: number[]): Float32Array {
  const probe = spawnSync('qemu-x86_64', ['-version'], { encoding: 'utf8' });
  if (probe.error) throw new Error('This test emulates an AVX2-only CPU with qemu-x86_64: run `apt-get install -y qemu-user` (`.ci/run` installs it).');
  const dir = mkdtempSync(path.join(os.tmpdir(), 'attune-haswell-'));
  try {
    const files = { model: path.join(dir, 'model.onnx'), input: path.join(dir, 'input.bin'), output: path.join(dir, 'output.f32') };
    writeFileSync(files.model, model);
    writeFileSync(files.input, new Uint8Array(input.buffer, input.byteOffset, input.byteLength));
    const dtype = input instanceof Int32Array ? 'int32' : 'float32';
    const args = ['-cpu', 'Haswell', process.execPath, RUNNER, files.model, inputName, dtype, files.input, dims.join(','), files.output];
    const run = spawnSync('qemu-x86_64', args, { encoding: 'utf8', timeout: 240_000 });
    if (run.status !== 0) {
      const stderr = run.stderr.split('\n').filter((line) => !line.includes("TCG doesn't support")).join('\n');
      throw new Error(`The emulated run failed (status ${run.status}, ${run.error?.message ?? 'no spawn error'}):\n${stderr}`);
    }
    return new Float32Array(new Uint8Array(readFileSync(files.output)).buffer);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
