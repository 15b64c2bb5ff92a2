// Text: classify a sentence with a prepared model (label, score bars, latency), and train a small
// classifier in the browser from a table of examples, with a live loss curve.
import { TextClassifier } from '@attune/text';
import { describeDataset, type AppContext } from '../app-context.js';
import { el, errorText, LossChart, ms, scoreBars } from '../ui.js';
import type { Tab } from './tab.js';

/** A few examples to start the training table with (three support-ticket intents). */
const STARTER_EXAMPLES: { text: string; label: string }[] = [
  { text: 'where is my parcel', label: 'delivery' },
  { text: 'my order has not arrived yet', label: 'delivery' },
  { text: 'when will the package be delivered', label: 'delivery' },
  { text: 'tracking number does not work', label: 'delivery' },
  { text: 'i want my money back', label: 'refund' },
  { text: 'please refund my purchase', label: 'refund' },
  { text: 'how do i return this item for a refund', label: 'refund' },
  { text: 'cancel the order and refund me', label: 'refund' },
  { text: 'i cannot log in to my account', label: 'account' },
  { text: 'reset my password please', label: 'account' },
  { text: 'how do i change my email address', label: 'account' },
  { text: 'my account is locked', label: 'account' },
];

/** Tiny on purpose: it trains in seconds in a browser tab. */
const BROWSER_CONFIG = { vocabSize: 200, minFrequency: 1, maxLength: 24, dModel: 32, numHeads: 2, numLayers: 1, ffnDim: 64, dropout: 0, ngramVocabSize: 0, labelSmoothing: 0 };

export const textTab: Tab = {
  id: 'text',
  title: 'Text',
  render(panel, app) {
    panel.append(classifyCard(app), trainCard(app));
  },
};

function classifyCard(app: AppContext): HTMLElement {
  const models = app.models('text');
  const select = el('select', { 'data-testid': 'text-model' }, ...models.map((m) => el('option', { value: m.id }, m.title)));
  const info = el('p', { class: 'muted', 'data-testid': 'text-dataset' });
  const input = el('textarea', { rows: 3, 'data-testid': 'text-input', placeholder: 'Type a sentence…' });
  const button = el('button', { class: 'primary', 'data-testid': 'text-classify' }, 'Classify');
  const samples = el('div', { class: 'row' });
  const out = el('div', { 'data-testid': 'text-output' });
  const card = el('div', { class: 'card' }, el('h2', {}, 'Classify a sentence'), el('div', { class: 'row' }, select), info, samples, input, el('p', {}, button), out);
  if (models.length === 0) {
    card.append(el('p', { class: 'error' }, 'No text model was prepared: run `npm run demo` from the repository root.'));
    return card;
  }

  let loaded: Promise<TextClassifier> | undefined;
  let loadedKey = '';
  const classifier = () => {
    const key = `${select.value}/${app.device}`;
    if (!loaded || key !== loadedKey) {
      const previous = loaded;
      void previous?.then((c) => c.release()).catch(() => undefined);
      loadedKey = key;
      const entry = models.find((m) => m.id === select.value)!;
      loaded = app.loadArtifact(entry).then((a) => TextClassifier.fromArtifact(a, app.runtime()));
      loaded.catch(() => (loaded = undefined));
    }
    return loaded;
  };
  const showModel = () => {
    const entry = models.find((m) => m.id === select.value)!;
    info.textContent = describeDataset(entry);
    samples.replaceChildren(
      ...(entry.samples ?? []).map((s) =>
        el('button', { class: 'item', title: s, 'data-testid': 'text-sample' }, s.length > 48 ? `${s.slice(0, 46)}…` : s),
      ),
    );
    samples.querySelectorAll('button').forEach((b, i) => b.addEventListener('click', () => ((input.value = entry.samples![i]!), button.click())));
  };
  select.addEventListener('change', showModel);
  showModel();

  button.addEventListener('click', async () => {
    const text = input.value.trim();
    if (!text) {
      out.replaceChildren(el('p', { class: 'error' }, 'Type a sentence first.'));
      return;
    }
    button.disabled = true;
    out.replaceChildren(el('p', { class: 'muted' }, 'Loading the model…'));
    try {
      const model = await classifier();
      const started = performance.now();
      const [p] = await model.predict([text]);
      const latency = performance.now() - started;
      out.replaceChildren(
        el('p', { class: 'result', 'data-testid': 'text-label', 'data-label': p!.label ?? '' }, p!.label ?? 'none of the known labels', el('span', { class: 'muted' }, `  score ${(p!.score * 100).toFixed(1)}%`)),
        el('p', { class: 'muted', 'data-testid': 'text-latency' }, `${ms(latency)} on ${model.device}${p!.truncated ? ' (text truncated to the model’s maximum length)' : ''}`),
        scoreBars(p!.scores),
      );
    } catch (error) {
      out.replaceChildren(el('p', { class: 'error' }, errorText(error)));
    } finally {
      button.disabled = false;
    }
  });
  return card;
}

function trainCard(app: AppContext): HTMLElement {
  const body = el('tbody');
  const addRow = (example: { text: string; label: string } = { text: "", label: "" }) => {
    const remove = el('button', { title: 'remove row' }, '×');
    const row = el('tr', {}, el('td', {}, el('input', { value: example.text, 'aria-label': 'text' })), el('td', {}, el('input', { value: example.label, 'aria-label': 'label' })), el('td', {}, remove));
    remove.addEventListener('click', () => row.remove());
    body.append(row);
  };
  STARTER_EXAMPLES.forEach((e) => addRow(e));
  const add = el('button', {}, 'Add row');
  add.addEventListener('click', () => addRow());
  const epochs = el('input', { type: 'number', value: 30, min: 1, max: 200, style: 'width:4rem', 'data-testid': 'train-epochs' });
  const train = el('button', { class: 'primary', 'data-testid': 'text-train' }, 'Train in the browser');
  const chart = new LossChart();
  const status = el('p', { class: 'muted', 'data-testid': 'train-status' });
  const tryInput = el('input', { type: 'text', placeholder: 'Try the model you trained…', 'data-testid': 'train-try-input' });
  const tryButton = el('button', { 'data-testid': 'train-try', disabled: true }, 'Predict');
  const tryOut = el('div', { 'data-testid': 'train-try-output' });
  let trained: TextClassifier | undefined;

  train.addEventListener('click', async () => {
    const examples = [...body.querySelectorAll('tr')].map((tr) => {
      const [text, label] = [...tr.querySelectorAll('input')].map((i) => i.value.trim());
      return { text: text!, label: label! };
    }).filter((e) => e.text && e.label);
    if (new Set(examples.map((e) => e.label)).size < 2) {
      status.textContent = 'Give at least two different labels (and a text for each row).';
      return;
    }
    train.disabled = true;
    tryButton.disabled = true;
    chart.reset();
    await trained?.release();
    trained = undefined;
    const started = performance.now();
    status.textContent = `Training on ${examples.length} examples…`;
    try {
      trained = await TextClassifier.train(examples, {
        runtime: app.runtime(),
        config: BROWSER_CONFIG,
        epochs: Math.max(1, Math.min(200, Number(epochs.value) || 30)),
        batchSize: 8,
        learningRate: 3e-3,
        seed: 1,
        onProgress: (e) => {
          if (e.type === 'batch') chart.push(e.loss);
          if (e.type === 'epoch') status.textContent = `Epoch ${e.epoch + 1}: loss ${e.trainLoss.toFixed(3)}`;
        },
      });
      const seconds = ((performance.now() - started) / 1000).toFixed(1);
      const last = trained.training?.history.at(-1);
      status.textContent = `Trained in ${seconds} s on ${trained.training?.engine ?? app.device}; final loss ${last?.trainLoss.toFixed(3)}. Labels: ${trained.labels.join(', ')}.`;
      status.dataset['done'] = 'true';
      tryButton.disabled = false;
    } catch (error) {
      status.textContent = errorText(error);
      status.classList.add('error');
    } finally {
      train.disabled = false;
    }
  });

  tryButton.addEventListener('click', async () => {
    if (!trained || !tryInput.value.trim()) return;
    const started = performance.now();
    const [p] = await trained.predict([tryInput.value]);
    tryOut.replaceChildren(
      el('p', { class: 'result', 'data-testid': 'train-try-label' }, p!.label ?? '—', el('span', { class: 'muted' }, `  ${ms(performance.now() - started)}`)),
      scoreBars(p!.scores),
    );
  });

  return el(
    'div',
    { class: 'card' },
    el('h2', {}, 'Train a classifier in this tab'),
    el('p', { class: 'muted' }, 'Edit the table (one example a row), then train: the tokenizer is learned and the model trained here, by ONNX Runtime Web on the selected device.'),
    el('div', { class: 'grid2' },
      el('div', {}, el('table', {}, el('thead', {}, el('tr', {}, el('th', {}, 'text'), el('th', {}, 'label'), el('th'))), body), el('p', { class: 'row' }, add, 'epochs', epochs, train)),
      el('div', {}, chart.canvas, status, el('div', { class: 'row' }, tryInput, tryButton), tryOut),
    ),
  );
}
