// "What runs where": the honest map of this demo (what the browser does, what Node did beforehand).
import { describeDataset, type AppContext } from '../app-context.js';
import { el } from '../ui.js';
import type { Tab } from './tab.js';

export const aboutTab: Tab = {
  id: 'about',
  title: 'What runs where',
  render(panel, app) {
    const s = app.support;
    const rows: [string, string, string][] = [
      ['Model preparation (training the demo models)', 'Node, before the page opened', '`npm run demo` runs apps/demo’s preparation script: @attune/node trains each model on onnxruntime-node (CPU), exports ONNX and saves a packed artifact, cached by a hash of data + config.'],
      ['Loading a model', 'This browser', '@attune/web fetches the packed artifact from /models/, checks every file’s SHA-256 and keeps a copy in IndexedDB.'],
      ['Inference (every prediction)', `This browser, ${app.device === 'webgpu' ? 'WebGPU' : 'WASM'}`, 'ONNX Runtime Web runs the exported model.onnx; the header switch picks WebGPU or WASM. The latency shown is one predict() call, tokenizing / feature extraction included.'],
      ['Training in a tab (text table, keyword enrolment)', 'This browser', 'The tokenizer or the audio statistics are computed in JavaScript; the training steps (forward, backward, AdamW) run as ONNX Runtime Web training graphs on the selected device.'],
      ['Audio front-end (log-mel spectrogram)', 'This browser, JavaScript', '@attune/speech’s front-end (FFT, mel filterbank) on the main thread.'],
      ['Anything on a server', 'Nowhere', 'The server only hands out static files: the app, ONNX Runtime’s .wasm/.mjs files and the models. Your text and audio never leave the page.'],
    ];
    panel.append(
      el('div', { class: 'card' },
        el('h2', {}, 'What runs where'),
        el('table', { 'data-testid': 'where-table' },
          el('thead', {}, el('tr', {}, el('th', {}, 'Step'), el('th', {}, 'Where'), el('th', {}, 'How'))),
          el('tbody', {}, ...rows.map(([a, b, c]) => el('tr', {}, el('td', {}, a), el('td', {}, b), el('td', { class: 'muted' }, c)))),
        ),
      ),
      el('div', { class: 'card' },
        el('h2', {}, 'This browser'),
        el('ul', {},
          el('li', {}, `WebGPU: ${s.webgpu ? 'available' : `not available (${s.webgpuReason ?? ''})`}`),
          el('li', {}, `WASM: available; ${s.crossOriginIsolated ? `cross-origin isolated, so up to ${s.threads} threads` : 'not cross-origin isolated, so one thread'}`),
        ),
      ),
      el('div', { class: 'card' },
        el('h2', {}, 'The models and their data'),
        el('ul', { 'data-testid': 'model-list' }, ...app.index.models.map((m) => el('li', {}, el('strong', {}, `${m.title} `), el('span', { class: m.dataset.synthetic ? 'badge synthetic' : 'badge' }, m.dataset.synthetic ? 'synthetic data' : 'real data'), ` ${describeDataset(m)} Trained in ${m.trainSeconds} s.`))),
        el('p', { class: 'muted' }, 'Optional data sets (BANKING77, MovieLens, FSDD) are read in place from ../shared/datasets or $ATTUNE_DATASETS when present; they are never copied into the repository or the built app.'),
      ),
    );
  },
};
