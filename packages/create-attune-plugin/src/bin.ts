#!/usr/bin/env node
import { createPlugin } from './create.js';

const USAGE = `Usage: npm create attune-plugin@latest <name> [-- --description "..."]

Creates ./attune-plugin-<name>: a plugin package with a model, a test and a README.
<name> is e.g. "vision", "attune-plugin-vision" or "@acme/attune-plugin-vision".`;

async function main(argv: string[]): Promise<number> {
  if (argv.includes('--help') || argv.includes('-h')) {
    console.log(USAGE);
    return 0;
  }
  const d = argv.indexOf('--description');
  const description = d >= 0 ? argv[d + 1] : undefined;
  const positional = argv.filter((a, i) => !a.startsWith('-') && (d < 0 || i !== d + 1));
  if (positional.length !== 1) {
    console.error(`Expected one plugin name, got ${positional.length}.\n\n${USAGE}`);
    return 1;
  }
  try {
    const created = await createPlugin({ name: positional[0]!, ...(description ? { description } : {}) });
    console.log(`Created ${created.packageName} in ${created.directory}\n\nNext:\n  cd ${created.directory}\n  npm install\n  npm test`);
    return 0;
  } catch (error) {
    console.error((error as Error).message);
    return 1;
  }
}

main(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
