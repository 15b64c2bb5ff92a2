import { InputError, type Plugin } from '@attune/core';

/** Options from the command line that a data reader may use (`--text-column`, `--label-column`, ...). */
export type DataOptions = Readonly<Record<string, string | undefined>>;

// Plugins are generic over six types; the CLI handles them as opaque values.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyPlugin = Plugin<any, any, any, any, any, any>;

/**
 * How the command line drives one plugin. A third-party package (`attune-plugin-*`) exports
 * `plugin` (a `definePlugin` result) and, optionally, `cli`: a `Partial<CliAdapter>` whose missing
 * members fall back to the JSON-lines defaults (see README "Plugin packages").
 */
export interface CliAdapter<Example = unknown, Input = unknown, Prediction = unknown> {
  /** The word used on the command line: `attune train <task>`. */
  task: string;
  /** One line for `attune plugins` and `--help`. */
  description: string;
  plugin: AnyPlugin;
  /** What `--data` may be, for help texts and errors, e.g. "a CSV/TSV/JSONL file with text and label columns". */
  dataHelp: string;
  /** Labelled examples from a file or directory (throw InputError naming the file and line for bad data). */
  readExamples(path: string, options: DataOptions): Promise<Example[]>;
  /** One `predict` input from one line of stdin or of the input file. */
  parseInput(line: string, options: DataOptions): Input | Promise<Input>;
  /**
   * One input from a JSON value: an element of `inputs` in a server request body. Default: the
   * value itself.
   */
  fromJson?(value: unknown): Input | Promise<Input>;
  /** The input part of a labelled example (`bench` and `eval` feed examples to the predictor). */
  inputOf(example: Example): Input;
  /** A prediction as JSON for `predict`'s output and the server's responses. Default: as is. */
  toJson?(prediction: Prediction): unknown;
  /**
   * Holds out validation data when the user gives no `--validation` file. Default: a seeded random
   * `fraction` of the examples. (A recommender holds out each user's last item instead.)
   */
  splitValidation?(examples: Example[], fraction: number, seed: number): { train: Example[]; validation: Example[] };
  /** Training settings that suit this plugin when the user gives none. */
  trainDefaults?: { epochs?: number; batchSize?: number; learningRate?: number };
  /** Where the adapter came from: `built-in` or the package name. */
  source?: string;
}

/** Parses one JSON text from a data line or request, as an InputError (bad input) when it is not JSON. */
export function parseJsonText(text: string, where: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new InputError(`${where} is not valid JSON: ${(error as Error).message}.`);
  }
}
