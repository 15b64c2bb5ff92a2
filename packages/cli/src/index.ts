// @attune/cli: the `attune` command (bin.ts) and its parts, for programmatic use and plugin authors.
export { main, type MainOptions } from './cli.js';
export { EXIT_OK, EXIT_INTERNAL, EXIT_BAD_INPUT, EXIT_STOPPED, exitCodeFor } from './exit-codes.js';
export type { CliAdapter, DataOptions, AnyPlugin } from './plugins/adapter.js';
export { loadRegistry, registryOf, builtInAdapters, type Registry } from './plugins/registry.js';
export { discoverPlugins, adapterFromModule, PLUGIN_PACKAGE, type Discovery, type PluginProblem } from './plugins/discover.js';
export { parseTable, formatOf, type TableRow, type TableFormat } from './data/table.js';
export { createServer, parseModelArg, type ServeOptions, type AttuneServer } from './serve/server.js';
export { MicroBatcher, type BatcherOptions } from './serve/batcher.js';
export { trainingCurveSvg } from './progress/curve-svg.js';
