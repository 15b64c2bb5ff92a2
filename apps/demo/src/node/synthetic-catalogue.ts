// A SYNTHETIC shop for the recommendation demo when MovieLens is absent: 8 hobbies × 14 items, and
// visitors who stick to one or two hobbies and tend to take a hobby's items in order (a course's
// lessons, a series' volumes). Labelled as synthetic in the UI. Deterministic from a seed.
import { Rng } from '@attune/core';
import type { Interaction } from '@attune/recommend';
import type { CatalogueItem } from '../shared/catalogue.js';

const HOBBIES: [string, string[]][] = [
  ['Hiking', ['Trail map', 'Day pack', 'Boots', 'Rain shell', 'Trekking poles', 'Headlamp', 'Water filter', 'First-aid kit', 'Camp stove', 'Tent', 'Sleeping bag', 'GPS watch', 'Guide: Alps', 'Guide: Rockies']],
  ['Cooking', ['Chef knife', 'Cutting board', 'Cast-iron pan', 'Spice set', 'Stock pot', 'Dutch oven', 'Bread course 1', 'Bread course 2', 'Bread course 3', 'Stand mixer', 'Pasta roller', 'Thermometer', 'Cookbook: Italy', 'Cookbook: Japan']],
  ['Photography', ['Camera body', '50 mm lens', 'Tripod', 'SD card', 'Camera bag', 'ND filter', 'Flash', 'Editing course 1', 'Editing course 2', 'Editing course 3', 'Zoom lens', 'Reflector', 'Photo book', 'Print paper']],
  ['Gardening', ['Seed tray', 'Compost bin', 'Pruning shears', 'Gloves', 'Watering can', 'Tomato seeds', 'Herb kit', 'Raised bed', 'Soil tester', 'Hose', 'Greenhouse', 'Guide: Roses', 'Guide: Vegetables', 'Bird feeder']],
  ['Cycling', ['Helmet', 'Bike lights', 'Lock', 'Pump', 'Repair kit', 'Jersey', 'Bib shorts', 'Cycling shoes', 'Pedals', 'Bike computer', 'Turbo trainer', 'Saddle bag', 'Route guide 1', 'Route guide 2']],
  ['Music', ['Ukulele', 'Tuner', 'Capo', 'Strings', 'Chord book', 'Lesson 1', 'Lesson 2', 'Lesson 3', 'Lesson 4', 'Music stand', 'Metronome', 'Gig bag', 'Headphones', 'Audio interface']],
  ['Board games', ['Catan', 'Expansion: Seafarers', 'Ticket to Ride', 'Expansion: Europe', 'Carcassonne', 'Expansion: River', 'Pandemic', 'Azul', 'Codenames', 'Dice set', 'Card sleeves', 'Game table mat', 'Wingspan', 'Expansion: Oceania']],
  ['Coffee', ['Burr grinder', 'Pour-over cone', 'Filters', 'Gooseneck kettle', 'Scale', 'Beans: Ethiopia', 'Beans: Colombia', 'Beans: Kenya', 'French press', 'Espresso machine', 'Milk jug', 'Tamper', 'Latte art course', 'Travel mug']],
];

export function syntheticCatalogue(): CatalogueItem[] {
  return HOBBIES.flatMap(([group, names], g) => names.map((name, i) => ({ id: g * 100 + i + 1, title: name, group })));
}

/**
 * Interaction logs of `users` visitors: each has one or two favourite hobbies; 70 % of the time the
 * next item is the next one in the current hobby's list (shops list items in the order people buy
 * them), otherwise a random item of a favourite hobby, rarely any item at all.
 */
export function syntheticInteractions(users: number, seed: number): Interaction[] {
  const rng = new Rng(seed);
  const catalogue = syntheticCatalogue();
  const byGroup = HOBBIES.map(([group]) => catalogue.filter((c) => c.group === group));
  const log: Interaction[] = [];
  for (let u = 0; u < users; u++) {
    const favourites = [rng.int(HOBBIES.length)];
    if (rng.next() < 0.5) favourites.push(rng.int(HOBBIES.length));
    const length = 6 + rng.int(14);
    let group = favourites[0]!;
    let position = rng.int(4);
    const seen = new Set<CatalogueItem['id']>();
    for (let t = 0; t < length; t++) {
      const r = rng.next();
      let item: CatalogueItem;
      if (r < 0.7 && position < byGroup[group]!.length) item = byGroup[group]![position]!;
      else if (r < 0.95) {
        group = favourites[rng.int(favourites.length)]!;
        position = rng.int(byGroup[group]!.length);
        item = byGroup[group]![position]!;
      } else item = catalogue[rng.int(catalogue.length)]!;
      position = byGroup[group]!.indexOf(item) + 1 || position + 1;
      if (seen.has(item.id)) continue;
      seen.add(item.id);
      log.push({ user: u, item: item.id, timestamp: t });
    }
  }
  return log;
}
