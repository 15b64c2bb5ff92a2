import * as tf from '@tensorflow/tfjs-core';
import { AttuneError } from '../errors/attune-error.js';
import type { Backend, TensorData } from '../backend.js';
import { SequenceClassifier } from '../models/sequence-classifier.js';
import { exportOnnx } from '../onnx/export.js';
import { Rng } from '../util/random.js';

/** A model and the outputs tfjs computed for it: what every backend must reproduce. */
export interface ConformanceFixture {
  model: Uint8Array;
  cases: Array<{ name: string; feeds: Record<string, TensorData>; expected: Record<string, TensorData> }>;
  /** Max abs difference allowed between a backend and tfjs (fp32). */
  tolerance: number;
}

export interface ConformanceCheck {
  name: string;
  passed: boolean;
  detail: string;
}

/**
 * Builds the fixture with tfjs (whatever tfjs backend is active): a small encoder classifier with
 * padding, exported to ONNX, and its tfjs outputs for several batch sizes and sequence lengths.
 * Plain data, so it can be made in Node and handed to a browser page.
 */
export function makeConformanceFixture(seed = 7): ConformanceFixture {
  const model = new SequenceClassifier(
    { vocabSize: 40, maxLength: 24, numClasses: 5, dModel: 32, numHeads: 4, numLayers: 2, dropout: 0 },
    { seed },
  );
  const rng = new Rng(seed);
  const cases = [
    [1, 5],
    [3, 11],
    [8, 24],
  ].map(([b, t]) => {
    const ids = new Int32Array(b! * t!);
    for (let i = 0; i < b!; i++) {
      const len = i === 0 ? t! : 1 + rng.int(t!); // first row full, others padded (id 0)
      for (let j = 0; j < len; j++) ids[i * t! + j] = 1 + rng.int(39);
    }
    const logits = tf.tidy(() => model.forward(tf.tensor2d(ids, [b!, t!], 'int32')).dataSync() as Float32Array);
    return {
      name: `batch ${b}, sequence ${t}`,
      feeds: { ids: { type: 'int32' as const, data: ids, dims: [b!, t!] } },
      expected: { logits: { type: 'float32' as const, data: logits.slice(), dims: [b!, 5] } },
    };
  });
  const bytes = exportOnnx(model);
  model.dispose();
  return { model: bytes, cases, tolerance: 1e-4 };
}

/**
 * The behaviour every Backend promises, checked without a test framework (so it also runs inside a
 * browser page): specification version, devices, parity with tfjs, input errors, release.
 * Returns one entry per check; a conforming backend passes them all.
 */
export async function runBackendConformance(backend: Backend, fixture: ConformanceFixture): Promise<ConformanceCheck[]> {
  const checks: ConformanceCheck[] = [];
  const check = async (name: string, fn: () => Promise<string>) => {
    try {
      checks.push({ name, passed: true, detail: await fn() });
    } catch (error) {
      checks.push({ name, passed: false, detail: error instanceof Error ? error.message : String(error) });
    }
  };
  const ensure = (cond: boolean, message: string) => {
    if (!cond) throw new Error(message);
  };

  await check('declares specification v1 and a name', async () => {
    ensure(backend.specificationVersion === 'v1', `specificationVersion is ${String(backend.specificationVersion)}`);
    ensure(typeof backend.name === 'string' && backend.name.length > 0, 'name is empty');
    return backend.name;
  });
  await check('lists devices, at least one available, with reasons for the others', async () => {
    const devices = await backend.devices();
    ensure(devices.some((d) => d.available), 'no device is available');
    ensure(devices.every((d) => d.available || Boolean(d.reason)), 'an unavailable device has no reason');
    return devices.map((d) => `${d.kind}:${d.available ? 'yes' : 'no'}`).join(' ');
  });

  const session = await backend.createSession(fixture.model);
  await check('names the model inputs and outputs', async () => {
    ensure(session.inputNames.includes('ids') && session.outputNames.includes('logits'), `inputs ${session.inputNames}, outputs ${session.outputNames}`);
    return `device ${session.device}`;
  });
  for (const c of fixture.cases) {
    await check(`matches tfjs within ${fixture.tolerance} (${c.name})`, async () => {
      const out = await session.run(c.feeds);
      const got = out['logits']!;
      const want = c.expected['logits']!;
      ensure(got.dims.join(',') === want.dims.join(','), `dims [${got.dims}] instead of [${want.dims}]`);
      let worst = 0;
      for (let i = 0; i < want.data.length; i++) worst = Math.max(worst, Math.abs(Number(got.data[i]) - Number(want.data[i])));
      ensure(worst <= fixture.tolerance, `max abs diff ${worst}`);
      return `max abs diff ${worst.toExponential(2)}`;
    });
  }
  await check('concurrent runs give the same results', async () => {
    const c = fixture.cases[1]!;
    const [a, b] = await Promise.all([session.run(c.feeds), session.run(c.feeds)]);
    const x = a['logits']!.data as Float32Array;
    const y = b['logits']!.data as Float32Array;
    ensure(x.length === y.length && x.every((v, i) => v === y[i]), 'results differ');
    return 'identical';
  });
  await check('a missing input is an AttuneError naming the inputs', async () => {
    const error = await session.run({}).then(() => undefined, (e: unknown) => e);
    ensure(AttuneError.isInstance(error) && error.code === 'INVALID_INPUT', `got ${String(error)}`);
    ensure((error as Error).message.includes('"ids"'), (error as Error).message);
    return (error as Error).message;
  });
  await check('data that does not fill its dims is rejected before the runtime', async () => {
    const error = await session
      .run({ ids: { type: 'int32', data: new Int32Array(3), dims: [2, 2] } })
      .then(() => undefined, (e: unknown) => e);
    ensure(AttuneError.isInstance(error), `got ${String(error)}`);
    return (error as Error).message;
  });
  await check('bytes that are not a model are rejected with an error', async () => {
    const error = await backend.createSession(new Uint8Array([1, 2, 3, 4])).then(() => undefined, (e: unknown) => e);
    ensure(error instanceof Error, 'no error');
    return (error as Error).message.split('\n')[0]!;
  });
  await session.release();
  await check('a released session refuses to run', async () => {
    const error = await session.run(fixture.cases[0]!.feeds).then(() => undefined, (e: unknown) => e);
    ensure(error instanceof Error, 'no error');
    return (error as Error).message;
  });
  return checks;
}
