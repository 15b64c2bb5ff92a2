import type { AppContext } from '../app-context.js';

/** One tab of the app: a title and the panel it renders into (once, lazily, when first shown). */
export interface Tab {
  id: string;
  title: string;
  render(panel: HTMLElement, app: AppContext): void | Promise<void>;
}
