import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { pluginNames } from './names.js';
import { TEMPLATE_VERSIONS } from './versions.js';

export interface CreatePluginOptions {
  /** `vision`, `attune-plugin-vision` or `@scope/attune-plugin-vision`. */
  name: string;
  /** Folder the package folder is created in. Default: the current directory. */
  cwd?: string;
  /** One line describing the plugin (package.json and README). */
  description?: string;
}

export interface CreatedPlugin {
  directory: string;
  packageName: string;
  pluginId: string;
  files: string[];
}

/** The template folder shipped next to dist/ (see package.json `files`). */
export const TEMPLATE_DIR = fileURLToPath(new URL('../template', import.meta.url));

/** npm drops `.gitignore` from published packages, so the template stores it as `gitignore`. */
const RENAMES: Record<string, string> = { gitignore: '.gitignore' };

/**
 * Writes a new plugin package from the template, filling in its names and the Attune versions.
 * Refuses to write into a folder that already exists (never overwrites someone's work).
 */
export async function createPlugin(options: CreatePluginOptions): Promise<CreatedPlugin> {
  const names = pluginNames(options.name);
  const directory = path.resolve(options.cwd ?? process.cwd(), names.folder);
  if (existsSync(directory)) throw new Error(`${directory} already exists; choose another name or remove it first.`);
  const values: Record<string, string> = {
    ...TEMPLATE_VERSIONS,
    packageName: names.packageName,
    pluginId: names.pluginId,
    description: options.description ?? `${names.pluginId} models`,
  };
  const files: string[] = [];
  for (const relative of await listFiles(TEMPLATE_DIR)) {
    const target = path.join(directory, path.dirname(relative), RENAMES[path.basename(relative)] ?? path.basename(relative));
    await mkdir(path.dirname(target), { recursive: true });
    await writeFile(target, fill(await readFile(path.join(TEMPLATE_DIR, relative), 'utf8'), values));
    files.push(path.relative(directory, target));
  }
  return { directory, packageName: names.packageName, pluginId: names.pluginId, files: files.sort() };
}

/** Replaces every `{{key}}`; an unknown key is a bug in the template, so it throws. */
export function fill(text: string, values: Record<string, string>): string {
  return text.replace(/\{\{(\w+)\}\}/g, (_, key: string) => {
    if (!(key in values)) throw new Error(`The template uses {{${key}}}, which create-attune-plugin does not fill.`);
    return values[key]!;
  });
}

async function listFiles(dir: string, prefix = ''): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(path.join(dir, prefix), { withFileTypes: true })) {
    const relative = path.join(prefix, entry.name);
    if (entry.isDirectory()) out.push(...(await listFiles(dir, relative)));
    else out.push(relative);
  }
  return out;
}
