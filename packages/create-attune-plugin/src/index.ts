export { createPlugin, fill, TEMPLATE_DIR, type CreatePluginOptions, type CreatedPlugin } from './create.js';
export { pluginNames, type PluginNames } from './names.js';
export { TEMPLATE_VERSIONS } from './versions.js';
