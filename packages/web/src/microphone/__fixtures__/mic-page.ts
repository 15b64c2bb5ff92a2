// Browser entry for microphone.browser.test.ts: captures the (fake) microphone through
// captureMicrophone and feeds the chunks to @attune/speech's keyword detector on onnxruntime-web.
import { unpackArtifact } from '@attune/core';
import { KeywordSpotter, type KeywordEvent } from '@attune/speech';
import { createWebRuntime } from '../../runtime.js';
import { captureMicrophone } from '../capture.js';

const api = {
  /** Listens for `seconds` and returns the keyword events, with what the capture delivered. */
  async listen(seconds: number, sampleRate: number) {
    const packed = new Uint8Array(await (await fetch('/kws.attune')).arrayBuffer());
    const runtime = createWebRuntime({ wasmPaths: '/ort/', numThreads: 1 });
    const spotter = await KeywordSpotter.load(await unpackArtifact(packed), runtime, { session: { devices: ['wasm'] } });
    let chunks = 0;
    let samples = 0;
    let peak = 0;
    const capture = await captureMicrophone({ sampleRate, chunkSeconds: 0.1, onChunk: (c) => (chunks += 1) });
    async function* firstSeconds() {
      for await (const chunk of capture) {
        for (const v of chunk) peak = Math.max(peak, Math.abs(v));
        samples += chunk.length;
        yield chunk;
        if (samples >= seconds * capture.sampleRate) break; // stops the microphone
      }
    }
    const events: KeywordEvent[] = [];
    for await (const e of spotter.detect(firstSeconds(), { sampleRate: capture.sampleRate })) events.push(e);
    await spotter.release();
    return { events, sampleRate: capture.sampleRate, chunks, samples, peak, dropped: capture.droppedChunks, device: spotter.device };
  },
  /** Bad options fail before asking for the microphone. */
  async badOptions() {
    return Promise.all([captureMicrophone({ chunkSeconds: 0 }), captureMicrophone({ sampleRate: 12.5 })].map((p) => p.then(() => 'ok', (e: Error) => e.message)));
  },
};

export type MicPageApi = typeof api;
(globalThis as unknown as { mic: MicPageApi }).mic = api;
