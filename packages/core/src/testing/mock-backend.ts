import { checkFeeds, type Backend, type Session, type TensorData } from '../backend.js';
import { inspectOnnx } from '../onnx/inspect.js';

/**
 * A Backend for plugin authors' unit tests (like vercel/ai's mock providers): it accepts any ONNX
 * model, checks feeds against the model's declared inputs like a real backend, and answers with
 * whatever `run` returns. Records every call in `calls`. Parity tests still belong on a real backend.
 */
export function createMockBackend(run: (feeds: Record<string, TensorData>) => Record<string, TensorData>): Backend & {
  calls: Array<Record<string, TensorData>>;
} {
  const calls: Array<Record<string, TensorData>> = [];
  return {
    specificationVersion: 'v1',
    name: 'mock',
    calls,
    devices: async () => [{ kind: 'cpu', available: true }],
    async createSession(model: Uint8Array): Promise<Session> {
      const { inputs, outputs } = inspectOnnx(model);
      let released = false;
      const session: Session = {
        device: 'cpu',
        inputNames: inputs,
        outputNames: outputs,
        async run(feeds) {
          if (released) throw new Error('This session was released.');
          checkFeeds(session, feeds);
          calls.push(feeds);
          return run(feeds);
        },
        async release() {
          released = true;
        },
      };
      return session;
    },
  };
}
