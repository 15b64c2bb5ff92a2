import type { CliAdapter } from './adapter.js';

/** The recommendation plugin, once @attune/recommend exports one (see README "Tasks"). */
export function builtInRecommend(): CliAdapter[] {
  return [];
}
