/**
 * The few platform globals core uses. They exist in Node 18+, browsers and workers alike; declaring
 * them here (rather than pulling in the DOM or Node type libraries) keeps core's type-check honest
 * about being isomorphic.
 */
declare global {
  interface AbortSignal {
    readonly aborted: boolean;
    readonly reason: unknown;
  }
  const performance: { now(): number };
  function structuredClone<T>(value: T): T;
  class TextEncoder {
    encode(input?: string): Uint8Array;
  }
  class TextDecoder {
    constructor(label?: string, options?: { fatal?: boolean; ignoreBOM?: boolean });
    readonly encoding: string;
    decode(input?: ArrayBufferView | ArrayBuffer, options?: { stream?: boolean }): string;
  }
}
export {};
