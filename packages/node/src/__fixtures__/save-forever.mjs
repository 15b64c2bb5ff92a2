// Saves checkpoints in a loop until killed: step k holds arrays filled with the value k.
import { FileCheckpointStore } from '@attune/node';

const store = new FileCheckpointStore(process.argv[2]);
const size = 2_000_000; // 8 MB per array, so a save takes long enough to be killed mid-way
const arrays = (k, prefix) => [0, 1].map((i) => ({ name: `${prefix}${i}`, shape: [size], data: new Float32Array(size).fill(k) }));
for (let k = 1; ; k++) {
  await store.save({
    formatVersion: 1,
    fingerprint: 'kill-test',
    epoch: k,
    batchInEpoch: 0,
    globalStep: k,
    state: { step: k, weights: arrays(k, 'w'), firstMoments: arrays(k, 'm'), secondMoments: arrays(k, 'v') },
    epochLoss: { sum: 0, count: 0 },
    epochsWithoutImprovement: 0,
    history: [],
  });
  process.stdout.write(`${k}\n`);
}
