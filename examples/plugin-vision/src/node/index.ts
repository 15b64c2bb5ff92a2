// `attune-plugin-vision/node`: the Node-only helpers (the `mnist` data and a one-call trainer).
export { loadMnist, MNIST_SIZE, type LoadMnistOptions, type MnistSplit } from './mnist.js';
export { trainVisionModel, type TrainVisionOptions, type TrainVisionResult } from './train-vision-model.js';
