import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { CheckpointMismatchError, type Checkpoint, type CheckpointStore, type NamedArray } from '@attune/core';

/**
 * Keeps the latest checkpoint in a directory as `checkpoint.json` (everything but the numbers) and
 * `checkpoint.bin` (every array, float32, in order). Both are written aside and renamed into place,
 * the binary first, so a process killed at any moment (kill -9 included) leaves the previous
 * checkpoint or the new one, never a mix: the JSON names the binary by a per-save id.
 */
export class FileCheckpointStore implements CheckpointStore {
  constructor(readonly directory: string) {}

  async save(checkpoint: Checkpoint): Promise<void> {
    await mkdir(this.directory, { recursive: true });
    const arrays: NamedArray[] = [];
    const collect = (list: NamedArray[]) =>
      list.map((a) => {
        arrays.push(a);
        return { name: a.name, shape: a.shape, index: arrays.length - 1 };
      });
    const { state, best, ...rest } = checkpoint;
    const header = {
      ...rest,
      state: {
        step: state.step,
        weights: collect(state.weights),
        firstMoments: collect(state.firstMoments),
        secondMoments: collect(state.secondMoments),
      },
      ...(best ? { best: { score: best.score, epoch: best.epoch, weights: collect(best.weights) } } : {}),
    };
    const id = `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
    const binName = `checkpoint-${id}.bin`;
    await writeAtomically(path.join(this.directory, binName), concat(arrays));
    const previous = await this.readHeader().catch(() => undefined);
    await writeAtomically(path.join(this.directory, 'checkpoint.json'), JSON.stringify({ ...header, binary: binName }));
    if (previous?.binary && previous.binary !== binName) await rm(path.join(this.directory, previous.binary), { force: true });
  }

  async load(): Promise<Checkpoint | undefined> {
    const header = await this.readHeader().catch((e: NodeJS.ErrnoException) => {
      if (e.code === 'ENOENT') return undefined;
      throw new CheckpointMismatchError(`Checkpoint in ${this.directory} is unreadable (${e.message}); delete the directory to start over.`);
    });
    if (!header) return undefined;
    if (header.formatVersion !== 1 || typeof header.binary !== 'string' || path.basename(header.binary) !== header.binary) {
      throw new CheckpointMismatchError(`Checkpoint in ${this.directory} has an unknown format (version ${String(header.formatVersion)}).`);
    }
    const bytes = await readFile(path.join(this.directory, header.binary));
    const floats = new Float32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
    const offsets: number[] = [];
    let total = 0;
    const all = [header.state.weights, header.state.firstMoments, header.state.secondMoments, header.best?.weights ?? []].flat() as Ref[];
    all.sort((a, b) => a.index - b.index);
    for (const ref of all) {
      offsets[ref.index] = total;
      total += size(ref.shape);
    }
    if (total !== floats.length) {
      throw new CheckpointMismatchError(`Checkpoint in ${this.directory} is damaged: expected ${total} numbers, found ${floats.length}.`);
    }
    const expand = (list: Ref[]): NamedArray[] =>
      list.map((r) => ({ name: r.name, shape: r.shape, data: floats.slice(offsets[r.index]!, offsets[r.index]! + size(r.shape)) }));
    const { binary: _binary, state, best, ...rest } = header;
    return {
      ...rest,
      state: {
        step: state.step,
        weights: expand(state.weights),
        firstMoments: expand(state.firstMoments),
        secondMoments: expand(state.secondMoments),
      },
      ...(best ? { best: { score: best.score, epoch: best.epoch, weights: expand(best.weights) } } : {}),
    } as Checkpoint;
  }

  async clear(): Promise<void> {
    await rm(this.directory, { recursive: true, force: true });
  }

  private async readHeader(): Promise<Header> {
    return JSON.parse(await readFile(path.join(this.directory, 'checkpoint.json'), 'utf8')) as Header;
  }
}

interface Ref {
  name: string;
  shape: number[];
  index: number;
}
type Header = Omit<Checkpoint, 'state' | 'best'> & {
  binary: string;
  state: { step: number; weights: Ref[]; firstMoments: Ref[]; secondMoments: Ref[] };
  best?: { score: number; epoch: number; weights: Ref[] };
};

const size = (shape: number[]) => shape.reduce((a, b) => a * b, 1);

function concat(arrays: NamedArray[]): Uint8Array {
  const total = arrays.reduce((n, a) => n + a.data.length, 0);
  const out = new Float32Array(total);
  let at = 0;
  for (const a of arrays) {
    out.set(a.data, at);
    at += a.data.length;
  }
  return new Uint8Array(out.buffer);
}

/** Write to a temporary sibling, then rename over the target (atomic on POSIX file systems). */
async function writeAtomically(target: string, data: string | Uint8Array): Promise<void> {
  const temp = `${target}.${process.pid}.tmp`;
  await writeFile(temp, data);
  await rename(temp, target);
}
