/** Builds RIFF files chunk by chunk, for tests of odd and broken files. */
export function chunk(id: string, body: Uint8Array, declaredSize = body.length): Uint8Array {
  const out = new Uint8Array(8 + body.length + (body.length % 2));
  out.set([...id].map((c) => c.charCodeAt(0)));
  new DataView(out.buffer).setUint32(4, declaredSize, true);
  out.set(body, 8);
  return out;
}

export function fmtBody(tag: number, channels: number, sampleRate: number, bits: number): Uint8Array {
  const body = new Uint8Array(16);
  const v = new DataView(body.buffer);
  v.setUint16(0, tag, true);
  v.setUint16(2, channels, true);
  v.setUint32(4, sampleRate, true);
  v.setUint32(8, (sampleRate * channels * bits) / 8, true);
  v.setUint16(12, (channels * bits) / 8, true);
  v.setUint16(14, bits, true);
  return body;
}

export function riff(chunks: Uint8Array[], form = 'WAVE'): Uint8Array {
  const size = chunks.reduce((n, c) => n + c.length, 4);
  const out = new Uint8Array(8 + size);
  out.set([...`RIFF....${form}`].map((c) => c.charCodeAt(0)));
  new DataView(out.buffer).setUint32(4, size, true);
  chunks.reduce((p, c) => (out.set(c, p), p + c.length), 12);
  return out;
}

export const int16 = (...values: number[]) => new Uint8Array(Int16Array.from(values).buffer);
export const text = (s: string) => new TextEncoder().encode(s);
