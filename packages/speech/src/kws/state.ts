import { InputError } from '@attune/core';
import { resolveFrontEndConfig } from '../frontend/config.js';
import { inputWidth } from './features.js';
import type { KeywordSpotterState } from './plugin.js';

/** `levelDb` is an RMS level in [-80, 0] dB full scale, or null / undefined (clips as recorded). */
export function checkLevelDb(levelDb: number | null | undefined): void {
  if (levelDb != null && !(typeof levelDb === 'number' && levelDb >= -80 && levelDb <= 0)) {
    throw new InputError(`levelDb must be an RMS level in dB full scale from -80 to 0 (e.g. -20), or null to keep clips as recorded; got ${JSON.stringify(levelDb)}.`);
  }
}

/**
 * Checks a keyword-spotter state read from an artifact (artifacts come from disk or the network):
 * every field present with a usable value, so a bad file fails on load with the field's name rather
 * than as NaN scores later.
 */
export function checkState(raw: unknown): KeywordSpotterState {
  const s = raw as Partial<KeywordSpotterState> | null;
  const fail = (what: string): never => {
    throw new Error(`keyword-spotter state: ${what}`);
  };
  if (!s || typeof s !== 'object') fail(`expected an object; got ${JSON.stringify(raw)}`);
  const state = s as KeywordSpotterState;
  if (!Array.isArray(state.labels) || state.labels.length < 2 || !state.labels.every((l) => typeof l === 'string' && l !== '')) {
    fail('labels must be a list of at least two non-empty strings');
  }
  const frontEnd = resolveFrontEndConfig(state.frontEnd ?? fail('frontEnd is missing'));
  const bands = frontEnd.nMels;
  const finiteList = (name: 'featureMean' | 'featureStd') => {
    const v = state[name];
    if (!Array.isArray(v) || v.length !== bands || !v.every((x) => Number.isFinite(x))) fail(`${name} must be ${bands} finite numbers`);
  };
  finiteList('featureMean');
  finiteList('featureStd');
  if (!state.featureStd.every((x) => x > 0)) fail('featureStd must be positive');
  try {
    checkLevelDb(state.levelDb);
  } catch (error) {
    fail((error as Error).message);
  }
  if (state.normalization !== 'utterance' && state.normalization !== 'dataset') fail(`normalization must be "utterance" or "dataset"; got ${JSON.stringify(state.normalization)}`);
  if (typeof state.patches !== 'boolean') fail('patches must be true or false');
  if (state.inputWidth !== inputWidth({ frontEnd, patches: state.patches })) fail(`inputWidth ${state.inputWidth} does not match the front-end`);
  for (const k of ['numFrames', 'windowSeconds', 'minClipSeconds', 'maxClipSeconds'] as const) {
    if (!(typeof state[k] === 'number' && state[k] > 0)) fail(`${k} must be a positive number; got ${JSON.stringify(state[k])}`);
  }
  if (!(typeof state.unknownThreshold === 'number' && state.unknownThreshold >= 0 && state.unknownThreshold <= 1)) {
    fail(`unknownThreshold must be in [0, 1]; got ${JSON.stringify(state.unknownThreshold)}`);
  }
  if (state.exemplars !== undefined) {
    const e = state.exemplars;
    const ok = e && typeof e === 'object' && Object.values(e).every((rows) => Array.isArray(rows) && rows.every((r) => Array.isArray(r) && r.every(Number.isFinite)));
    if (!ok) fail('exemplars must map labels to lists of finite embeddings');
  }
  return { ...state, frontEnd };
}
