/** Package and plugin names derived from what the user typed (`vision`, `attune-plugin-vision`, `@acme/attune-plugin-vision`). */
export interface PluginNames {
  /** npm package name; always `attune-plugin-*` or `@scope/attune-plugin-*` so the CLI finds it. */
  packageName: string;
  /** Plugin id saved in artifacts (the part after `attune-plugin-`). */
  pluginId: string;
  /** Folder created for the package. */
  folder: string;
}

const PREFIX = 'attune-plugin-';
const SHORT = /^[a-z0-9][a-z0-9-]*$/;

export function pluginNames(input: string): PluginNames {
  const raw = String(input ?? '').trim();
  const scoped = /^@([a-z0-9][a-z0-9-._]*)\/(.+)$/.exec(raw);
  const scope = scoped ? `@${scoped[1]}/` : '';
  const base = scoped ? scoped[2]! : raw;
  const short = base.startsWith(PREFIX) ? base.slice(PREFIX.length) : base;
  if (!SHORT.test(short)) {
    throw new TypeError(
      `"${raw}" is not a usable plugin name: use lower-case letters, digits and dashes, e.g. "vision", "attune-plugin-vision" or "@acme/attune-plugin-vision".`,
    );
  }
  return { packageName: `${scope}${PREFIX}${short}`, pluginId: short, folder: `${PREFIX}${short}` };
}
