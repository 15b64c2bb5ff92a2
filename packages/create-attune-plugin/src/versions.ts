/**
 * Versions written into a generated plugin's package.json: the versions this monorepo builds and
 * tests with (a test compares them with the monorepo's package.json files, so they cannot drift).
 */
export const TEMPLATE_VERSIONS = {
  attuneVersion: '0.1.0',
  tfjsVersion: '4.22.0',
  onnxruntimeNodeVersion: '^1.30.0',
  changesetsVersion: '2.31.1',
  tsupVersion: '8.5.0',
  typescriptVersion: '5.9.3',
  vitestVersion: '4.1.12',
} as const;
