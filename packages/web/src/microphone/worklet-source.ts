/**
 * The AudioWorklet processor that captures the microphone, as source text: `captureMicrophone`
 * loads it from a Blob URL, so an app needs no extra file to serve and nothing comes from a CDN.
 * It copies channel 0 of each 128-frame render quantum into a buffer and posts the buffer to the
 * main thread every `chunkFrames` frames (transferred, not copied). Plain ES2017: it runs as is.
 */
export const CAPTURE_PROCESSOR = 'attune-capture';

export const captureWorkletSource = `
class AttuneCapture extends AudioWorkletProcessor {
  constructor(options) {
    super();
    this.chunkFrames = options.processorOptions.chunkFrames;
    this.buffer = new Float32Array(this.chunkFrames);
    this.filled = 0;
    this.running = true;
    this.port.onmessage = (e) => { if (e.data === 'stop') this.running = false; };
  }
  process(inputs) {
    const channel = inputs[0] && inputs[0][0];
    if (channel) {
      let offset = 0;
      while (offset < channel.length) {
        const n = Math.min(channel.length - offset, this.chunkFrames - this.filled);
        this.buffer.set(channel.subarray(offset, offset + n), this.filled);
        this.filled += n;
        offset += n;
        if (this.filled === this.chunkFrames) {
          this.port.postMessage(this.buffer, [this.buffer.buffer]);
          this.buffer = new Float32Array(this.chunkFrames);
          this.filled = 0;
        }
      }
    }
    return this.running;
  }
}
registerProcessor('${CAPTURE_PROCESSOR}', AttuneCapture);
`;
