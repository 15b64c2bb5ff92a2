// Runs one ONNX model on onnxruntime-node and writes its first output as raw float32 bytes.
// Spawned by int8-exact.test.ts under an emulated CPU (qemu-x86_64 -cpu Haswell), so it is plain JS.
// argv: <model.onnx> <input name> <float32|int32> <input file> <dims, comma-separated> <output.f32>
import { readFileSync, writeFileSync } from 'node:fs';
import ort from 'onnxruntime-node';

const [modelFile, inputName, dtype, inputFile, dims, outputFile] = process.argv.slice(2);
const bytes = new Uint8Array(readFileSync(inputFile)).buffer;
const input = dtype === 'int32' ? new Int32Array(bytes) : new Float32Array(bytes);
const session = await ort.InferenceSession.create(readFileSync(modelFile), { intraOpNumThreads: 1 });
const out = await session.run({ [inputName]: new ort.Tensor(dtype, input, dims.split(',').map(Number)) });
const data = out[session.outputNames[0]].data;
writeFileSync(outputFile, new Uint8Array(data.buffer, data.byteOffset, data.byteLength));
