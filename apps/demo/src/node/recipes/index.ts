import type { Recipe } from './recipe.js';
import { movieLensRecipe, syntheticShopRecipe } from './recommend.js';
import { fsddRecipe, syntheticSpeechRecipe } from './speech.js';
import { banking77Recipe, spamRecipe } from './text.js';
import { digitsRecipe } from './vision.js';

export type { Recipe, RecipeResult } from './recipe.js';

/**
 * Every demo model, in the order the app lists them; recipes whose data is missing are skipped.
 * `defaultsOnly` keeps the ones a fresh clone can train (no shared datasets): what the browser tests use.
 */
export function demoRecipes({ defaultsOnly = false } = {}): Recipe[] {
  const all: (Recipe & { optional?: boolean })[] = [
    spamRecipe,
    { ...banking77Recipe, optional: true },
    syntheticSpeechRecipe,
    { ...fsddRecipe, optional: true },
    syntheticShopRecipe,
    { ...movieLensRecipe, optional: true },
    digitsRecipe,
  ];
  return all.filter((r) => !(defaultsOnly && r.optional));
}
