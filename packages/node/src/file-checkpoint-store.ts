import { createHash } from 'node:crypto';
import { lstat, mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { CheckpointMismatchError, ConfigError, InputError, type Checkpoint, type CheckpointStore, type NamedArray } from '@attune/core';

/**
 * Keeps the latest checkpoint in a directory as `checkpoint.json` (everything but the numbers) and
 * `checkpoint.bin` (every array, float32, in order). Both are written aside and renamed into place,
 * the binary first, so a process killed at any moment (kill -9 included) leaves the previous
 * checkpoint or the new one, never a mix: the JSON names the binary by a per-save id.
 *
 * Both files are hashed (SHA-256, as artifacts are): the JSON carries the binary's hash and a hash
 * of its own text, so a flipped byte anywhere is refused on load instead of resuming silently into
 * a different model. A checkpoint without hashes (written before they existed) is refused too.
 */
export class FileCheckpointStore implements CheckpointStore {
  constructor(
    readonly directory: string,
    /** Other files a caller keeps in the directory (e.g. the CLI's batch losses); `clear` removes them too. */
    private readonly companionFiles: readonly string[] = [],
  ) {
    if (typeof directory !== 'string' || directory.trim() === '') {
      throw new ConfigError('FileCheckpointStore directory', directory, 'a directory path, e.g. "checkpoints/run-1"');
    }
  }

  /**
   * Refuses a directory this store would not own: a file, a symbolic link, or a folder holding
   * anything but checkpoint files, since `clear` deletes the directory. Callers run it before
   * training starts; `save` and `clear` run it too.
   */
  async checkDirectory(): Promise<void> {
    const refuse = (problem: string): never => {
      throw new InputError(`The checkpoint directory ${this.directory} ${problem}; it would be replaced. Choose a new directory (--checkpoint-dir).`);
    };
    if (path.dirname(path.resolve(this.directory)) === path.resolve(this.directory)) refuse('is the file system root');
    const info = await lstat(this.directory).catch((e: NodeJS.ErrnoException) => {
      if (e.code === 'ENOENT') return undefined;
      throw e;
    });
    if (!info) return;
    if (!info.isDirectory()) refuse(info.isSymbolicLink() ? 'is a symbolic link' : 'is a file, not a directory');
    const foreign = (await readdir(this.directory)).filter((name) => !this.owns(name));
    if (foreign.length > 0) refuse(`holds files that are not checkpoint files (${foreign.slice(0, 3).join(', ')}${foreign.length > 3 ? ', ...' : ''})`);
  }

  /** Names this store writes: the header, per-save binaries, the caller's companions, and their temporaries. */
  private owns(name: string): boolean {
    const base = name.replace(/\.\d+\.tmp$/, '');
    return base === HEADER_FILE || /^checkpoint-[a-z0-9-]+\.bin$/.test(base) || this.companionFiles.includes(base);
  }

  async save(checkpoint: Checkpoint): Promise<void> {
    await this.checkDirectory();
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
    const binary = concat(arrays);
    await writeAtomically(path.join(this.directory, binName), binary);
    const previous = await this.readHeader().catch(() => undefined);
    await writeAtomically(path.join(this.directory, HEADER_FILE), sealHeader({ ...header, binary: binName, binarySha256: sha256(binary) }));
    if (previous?.binary && previous.binary !== binName) await rm(path.join(this.directory, previous.binary), { force: true });
  }

  async load(): Promise<Checkpoint | undefined> {
    // a file, a symbolic link or a foreign folder is refused as such, not as an "unreadable checkpoint" to delete
    await this.checkDirectory();
    const headerFile = path.join(this.directory, HEADER_FILE);
    const header = await this.readHeader().catch((e: NodeJS.ErrnoException) => {
      if (e.code === 'ENOENT') return undefined;
      throw this.refusal(headerFile, `is unreadable (${e.message})`);
    });
    if (!header) return undefined;
    if (header.formatVersion !== 1 || typeof header.binary !== 'string' || path.basename(header.binary) !== header.binary) {
      throw this.refusal(headerFile, `has an unknown format (version ${String(header.formatVersion)})`);
    }
    checkSeal(header, (problem) => this.refusal(headerFile, problem));
    const binFile = path.join(this.directory, header.binary);
    const bytes = await readFile(binFile).catch((e: NodeJS.ErrnoException) => {
      throw this.refusal(binFile, `is unreadable (${e.message})`);
    });
    const floats = new Float32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
    const offsets: number[] = [];
    let total = 0;
    const all = [header.state.weights, header.state.firstMoments, header.state.secondMoments, header.best?.weights ?? []].flat() as Ref[];
    all.sort((a, b) => a.index - b.index);
    for (const ref of all) {
      offsets[ref.index] = total;
      total += size(ref.shape);
    }
    if (total !== floats.length) throw this.refusal(binFile, `is damaged: expected ${total} numbers, found ${floats.length}`);
    if (sha256(bytes) !== header.binarySha256) throw this.refusal(binFile, 'is damaged: its SHA-256 does not match the one checkpoint.json recorded');
    const expand = (list: Ref[]): NamedArray[] =>
      list.map((r) => ({ name: r.name, shape: r.shape, data: floats.slice(offsets[r.index]!, offsets[r.index]! + size(r.shape)) }));
    const { binary: _binary, binarySha256: _binarySha256, sha256: _sha256, state, best, ...rest } = header;
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
    await this.checkDirectory(); // never delete a folder that holds anything else
    await rm(this.directory, { recursive: true, force: true });
  }

  private async readHeader(): Promise<Header> {
    return JSON.parse(await readFile(path.join(this.directory, HEADER_FILE), 'utf8')) as Header;
  }

  /** A refused checkpoint: names the file and the two ways on. */
  private refusal(file: string, problem: string): CheckpointMismatchError {
    return new CheckpointMismatchError(`Checkpoint file ${file} ${problem}; delete ${this.directory} or train without --resume.`);
  }
}

const HEADER_FILE = 'checkpoint.json';

const sha256 = (data: string | Uint8Array) => createHash('sha256').update(data).digest('hex');

/** The header as JSON with a hash of its own text appended (the last key, so the text before it is what was hashed). */
function sealHeader(header: Omit<Header, 'sha256'>): string {
  const text = JSON.stringify(header);
  return JSON.stringify({ ...header, sha256: sha256(text) });
}

/** Recomputes the header's hash: parse → stringify reproduces the text that was hashed, byte for byte. */
function checkSeal(header: Header, refuse: (problem: string) => Error): void {
  const { sha256: recorded, ...rest } = header;
  if (typeof recorded !== 'string' || typeof header.binarySha256 !== 'string') {
    throw refuse('has no integrity hash (it was written by an older Attune), so it cannot be trusted');
  }
  if (sha256(JSON.stringify(rest)) !== recorded) throw refuse('is damaged: its SHA-256 does not match the one it recorded');
}

interface Ref {
  name: string;
  shape: number[];
  index: number;
}
type Header = Omit<Checkpoint, 'state' | 'best'> & {
  binary: string;
  /** SHA-256 of the binary, and of this header's JSON without `sha256` itself. */
  binarySha256: string;
  sha256: string;
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
