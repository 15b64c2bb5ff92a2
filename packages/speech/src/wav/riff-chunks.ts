import { InputError } from '@attune/core';

/** A chunk of a RIFF file: its four-character id and where its body lies in the input. */
export interface RiffChunk {
  id: string;
  offset: number;
  size: number;
}

/** Four bytes as text, with anything unprintable as \xNN, for error messages. */
export function fourCC(bytes: Uint8Array, offset: number): string {
  let text = '';
  for (let i = offset; i < Math.min(offset + 4, bytes.length); i++) {
    const b = bytes[i]!;
    text += b >= 0x20 && b < 0x7f ? String.fromCharCode(b) : `\\x${b.toString(16).padStart(2, '0')}`;
  }
  return text;
}

/** The size streaming writers leave in the header when they cannot seek back to patch it. */
const PLACEHOLDER_SIZE = 0xffffffff;

/** Whether four bytes look like a chunk id (printable ASCII), to tell an empty chunk from a placeholder. */
function looksLikeChunkId(bytes: Uint8Array, offset: number): boolean {
  if (bytes.length - offset < 8) return false;
  for (let i = offset; i < offset + 4; i++) if (bytes[i]! < 0x20 || bytes[i]! >= 0x7f) return false;
  return true;
}

/**
 * Walks the chunks after the 12-byte RIFF header. Odd-sized chunks are followed by a pad byte.
 * A chunk that claims more bytes than remain is an error (a truncated file) unless its size is
 * a streaming placeholder, the chunk is `data` and `allowTruncated` is set, or everything needed
 * was already found; those are clamped and reported in `warnings`.
 */
export function readChunks(bytes: Uint8Array, allowTruncated: boolean, warnings: string[]): RiffChunk[] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const chunks: RiffChunk[] = [];
  const have = (id: string) => chunks.some((c) => c.id === id);
  let p = 12;
  while (p < bytes.length) {
    if (bytes.length - p < 8) {
      if (have('fmt ') && have('data')) {
        warnings.push(`ignored ${bytes.length - p} stray byte(s) after the last chunk`);
        break;
      }
      throw new InputError(`truncated: a chunk header at byte ${p} needs 8 bytes but ${bytes.length - p} remain`);
    }
    const id = fourCC(bytes, p);
    const claimed = view.getUint32(p + 4, true);
    const remaining = bytes.length - p - 8;
    let size = claimed;
    if (claimed > remaining) {
      const placeholder = id === 'data' && claimed === PLACEHOLDER_SIZE;
      if (placeholder || (id === 'data' && allowTruncated) || (have('fmt ') && have('data'))) {
        warnings.push(`the ${id} chunk claims ${claimed} bytes but ${remaining} remain; read ${remaining}`);
        size = remaining;
      } else {
        throw new InputError(`truncated: the ${id} chunk claims ${claimed} bytes but ${remaining} remain`);
      }
    } else if (id === 'data' && claimed === 0 && remaining > 0 && !looksLikeChunkId(bytes, p + 8)) {
      // a zero data size followed by audio, not by another chunk, is an unpatched streaming header
      warnings.push(`the data chunk claims 0 bytes but ${remaining} follow; read them as audio`);
      size = remaining;
    }
    chunks.push({ id, offset: p + 8, size });
    p += 8 + size + (size % 2);
  }
  return chunks;
}
