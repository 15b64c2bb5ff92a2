// The demo app: tabs, the backend switch, and the model list written by the preparation script.
import type { DemoModelIndex } from '../shared/model-index.js';
import { AppContext, modelUrl } from './app-context.js';
import { detectDevices, type Device } from './runtime.js';
import { aboutTab } from './tabs/about.js';
import type { Tab } from './tabs/tab.js';
import { recommendTab } from './tabs/recommend.js';
import { speechTab } from './tabs/speech.js';
import { textTab } from './tabs/text.js';
import { visionTab } from './tabs/vision.js';
import { el, errorText } from './ui.js';

const TABS: Tab[] = [textTab, recommendTab, speechTab, visionTab, aboutTab];

async function start(): Promise<void> {
  const panels = document.getElementById('panels')!;
  const response = await fetch(modelUrl('index.json'));
  if (!response.ok) {
    panels.append(el('p', { class: 'error' }, `No prepared models (HTTP ${response.status} for models/index.json): start the demo with \`npm run demo\`.`));
    return;
  }
  const app = new AppContext((await response.json()) as DemoModelIndex, await detectDevices());
  renderBackendSwitch(app);
  const nav = document.getElementById('tabs')!;
  const rendered = new Set<string>();
  const show = (tab: Tab) => {
    for (const b of nav.querySelectorAll('button')) b.setAttribute('aria-selected', String(b.dataset['tab'] === tab.id));
    for (const p of panels.querySelectorAll<HTMLElement>('section')) p.hidden = p.id !== `panel-${tab.id}`;
    if (!rendered.has(tab.id)) {
      rendered.add(tab.id);
      const panel = panels.querySelector<HTMLElement>(`#panel-${tab.id}`)!;
      void Promise.resolve(tab.render(panel, app)).catch((e: unknown) => panel.append(el('p', { class: 'error' }, errorText(e))));
    }
    history.replaceState(null, '', `#${tab.id}`);
  };
  for (const tab of TABS) {
    const button = el('button', { role: 'tab', 'data-tab': tab.id, 'data-testid': `tab-${tab.id}` }, tab.title);
    button.addEventListener('click', () => show(tab));
    nav.append(button);
    panels.append(el('section', { id: `panel-${tab.id}`, role: 'tabpanel', hidden: true }));
  }
  show(TABS.find((t) => `#${t.id}` === location.hash) ?? TABS[0]!);
  document.body.dataset['ready'] = 'true';
}

function renderBackendSwitch(app: AppContext): void {
  const box = document.getElementById('backend')!;
  const options: [Device, string, boolean][] = [
    ['webgpu', 'WebGPU', app.support.webgpu],
    ['wasm', `WASM (${app.support.threads} thread${app.support.threads === 1 ? '' : 's'})`, true],
  ];
  const select = el('select', { 'data-testid': 'backend-select', 'aria-label': 'backend' },
    ...options.map(([value, label, ok]) => el('option', { value, disabled: !ok, selected: value === app.device }, ok ? label : `${label}: not offered`)));
  select.addEventListener('change', () => (app.device = select.value as Device));
  box.append(el('span', { class: 'muted' }, 'Runs on'), select);
  if (!app.support.webgpu) box.title = app.support.webgpuReason ?? '';
}

start().catch((error: unknown) => {
  document.getElementById('panels')!.append(el('p', { class: 'error' }, `The demo could not start: ${errorText(error)}`));
});
