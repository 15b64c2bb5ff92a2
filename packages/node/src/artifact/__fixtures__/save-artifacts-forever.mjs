// Saves artifacts to one directory in a loop until killed: save k has metrics.k = k and a
// model.onnx of 8 MB filled with k % 256 (large enough that a save can be killed mid-way).
import { createArtifact } from '@attune/core';
import { saveArtifact } from '@attune/node';

const dir = process.argv[2];
const onnx = new Uint8Array(8_000_000);
for (let k = 1; ; k++) {
  onnx.fill(k % 256);
  const artifact = await createArtifact({
    plugin: { id: 'kill-test', version: '1.0.0' },
    model: { kind: 'none', config: {} },
    metrics: { k },
    onnx,
  });
  await saveArtifact(dir, artifact);
  process.stdout.write(`${k}\n`);
}
