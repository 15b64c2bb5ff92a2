import { Command, Option } from 'commander';
import type { CommandContext } from './context.js';
import { EXIT_BAD_INPUT, EXIT_OK, EXIT_STOPPED, exitCodeFor } from './exit-codes.js';
import { allowedHost, collect, fraction, host, nonNegativeInt, port, positiveInt, positiveNumber, textEncoding } from './options.js';
import type { Registry } from './plugins/registry.js';

const VERSION = '0.1.0';

export interface MainOptions {
  cwd?: string;
  /** Plugins to use instead of discovering them (tests). */
  registry?: Registry;
  stdout?: NodeJS.WritableStream;
  stderr?: NodeJS.WritableStream & { isTTY?: boolean };
}

const example = (text: string) => `\nExample:\n  ${text}\n`;

/** Runs the `attune` command line; resolves to the exit status (it never calls process.exit itself). */
export async function main(argv: readonly string[], options: MainOptions = {}): Promise<number> {
  const cwd = options.cwd ?? process.cwd();
  const stderr = options.stderr ?? process.stderr;
  const stdout = options.stdout ?? process.stdout;
  let registry = options.registry;
  let json = false;
  /** Where a command reports, for commands that need no plugins or runtime (`synth`). */
  const reporting = async (opts: { json?: boolean }): Promise<Pick<CommandContext, 'reporter' | 'cwd'>> => {
    json = Boolean(opts.json);
    return { reporter: (await import('./progress/reporter.js')).createReporter({ json, stdout, stderr }), cwd };
  };
  const context = async (opts: { json?: boolean; device?: string; threads?: number }): Promise<CommandContext> => {
    const base = await reporting(opts);
    // loaded on first use, so `attune --help` does not start tfjs or ONNX Runtime
    registry ??= await (await import('./plugins/registry.js')).loadRegistry(cwd);
    const { nodeRuntime } = await import('./context.js');
    let runtime: ReturnType<typeof nodeRuntime> | undefined;
    return { ...base, registry, runtime: () => (runtime ??= nodeRuntime(opts.device, opts.threads)) };
  };

  const program = new Command('attune')
    .description('Train, evaluate, export, inspect, benchmark and serve Attune models; synthesise speech training data.')
    .version(VERSION)
    .exitOverride()
    .configureOutput({ writeOut: (s) => stdout.write(s), writeErr: (s) => stderr.write(s) })
    .showHelpAfterError('(run with --help for usage)');
  const common = (command: Command) =>
    command
      .option('--json', 'machine-readable JSON lines on stdout instead of progress bars and text')
      .addOption(new Option('--device <device>', 'ONNX Runtime device').choices(['cpu', 'cuda']).default('cpu'))
      .option('--threads <n>', 'training engine threads (default: all cores)', positiveInt('--threads'));
  const data = (command: Command) =>
    command
      .option('--text-column <name>', 'text column of CSV/TSV/JSONL data (default "text")')
      .option('--label-column <name>', 'label column (default "label", or "category")')
      .option('--user-column <name>', 'recommend: user column (default "userId")')
      .option('--item-column <name>', 'recommend: item column (default "movieId")')
      .option('--time-column <name>', 'recommend: timestamp column (default "timestamp")')
      .option('--encoding <name>', 'text encoding of data files (default utf-8; e.g. latin1, utf-16le)', textEncoding('--encoding'));

  data(common(program.command('train <task>')))
    .description('Train a model for a task (text, speech, or a plugin\'s task) and save it as an artifact.')
    .requiredOption('--data <path>', 'training data: a file, or a folder for speech (see `attune plugins`)')
    .requiredOption('--out <dir>', 'artifact directory to write (replaced atomically)')
    .option('--validation <path>', 'held-out data (default: a seeded split of --data)')
    .option('--val-split <fraction>', 'share of --data held out when no --validation (default 0.1 from 50 examples)', fraction('--val-split'))
    .option('--epochs <n>', 'passes over the data', positiveInt('--epochs'))
    .option('--batch-size <n>', 'examples per step', positiveInt('--batch-size'))
    .option('--lr <rate>', 'peak learning rate', positiveNumber('--lr'))
    .option('--seed <n>', 'seed of weights, split, shuffling and dropout', nonNegativeInt('--seed'), 0)
    .option('--set <key=value>', 'model setting, repeatable (e.g. --set dModel=64)', collect, [])
    .option('--config <file>', 'model settings as a JSON object')
    .option('--patience <n>', 'stop after this many epochs without validation improvement', positiveInt('--patience'))
    .option('--resume', 'continue from the last checkpoint of an interrupted run with the same settings')
    .option('--checkpoint-dir <dir>', 'where checkpoints go (default <out>.checkpoint)')
    .option('--checkpoint-every <steps>', 'also checkpoint every this many steps', nonNegativeInt('--checkpoint-every'), 20)
    .addHelpText('after', example('attune train text --data tickets.csv --out models/tickets --epochs 8 --set dModel=64'))
    .action(async (task: string, opts) => (await import('./commands/train.js')).trainCommand(task, opts, await context(opts)));

  data(common(program.command('eval <artifact>')))
    .description('Metrics and loss of an artifact on labelled data.')
    .requiredOption('--data <path>', 'labelled data in the same form as for training')
    .option('--batch-size <n>', 'examples per call', positiveInt('--batch-size'), 64)
    .addHelpText('after', example('attune eval models/tickets --data tickets-test.csv'))
    .action(async (artifact: string, opts) => (await import('./commands/eval.js')).evalCommand(artifact, opts, await context(opts)));

  common(program.command('predict <artifact>'))
    .description('Predictions as JSON lines, one per input line (stdin or --input).')
    .option('--input <file>', 'one input per line (text, JSON, or a WAV path for speech); "-" or none reads stdin')
    .option('--batch-size <n>', 'inputs per runtime call', positiveInt('--batch-size'), 64)
    .option('--keep-going', 'write {"line", "error"} for a bad line and continue instead of stopping')
    .option('--encoding <name>', 'text encoding of the input (default utf-8; e.g. latin1, utf-16le)', textEncoding('--encoding'))
    .addHelpText('after', example(`echo "I lost my card" | attune predict models/tickets`))
    .action(async (artifact: string, opts) => (await import('./commands/predict.js')).predictCommand(artifact, opts, await context(opts), stdout));

  common(program.command('export <artifact>'))
    .description('Export the model again at another precision, as a new artifact.')
    .requiredOption('--out <dir>', 'artifact directory to write')
    .addOption(new Option('--precision <p>', 'weights precision').choices(['fp32', 'fp16', 'int8']).default('fp32'))
    .option('--onnx <file>', 'also write the bare model.onnx here (for other ONNX servers)')
    .option('--no-training-state', 'leave out the training state (inference-only, smaller)')
    .addHelpText('after', example('attune export models/tickets --precision int8 --out models/tickets-int8'))
    .action(async (artifact: string, opts) => (await import('./commands/export.js')).exportCommand(artifact, opts, await context(opts)));

  common(program.command('inspect <artifact>'))
    .description('Validate an artifact and show its manifest, metrics and file sizes.')
    .addHelpText('after', example('attune inspect models/tickets --json'))
    .action(async (artifact: string, opts) => (await import('./commands/inspect.js')).inspectCommand(artifact, await context(opts)));

  data(common(program.command('bench <artifact>')))
    .description('Inference latency and throughput per batch size, with inputs from a data file.')
    .requiredOption('--data <path>', 'data file whose inputs are used')
    .option('--batch-sizes <list>', 'comma-separated batch sizes', '1,8,32')
    .option('--seconds <s>', 'time per batch size', positiveNumber('--seconds'), 3)
    .option('--warmup <n>', 'untimed calls per batch size', nonNegativeInt('--warmup'), 3)
    .option('--out <file>', 'also write the results as JSON')
    .addHelpText('after', example('attune bench models/tickets --data tickets-test.csv --batch-sizes 1,16,64'))
    .action(async (artifact: string, opts) => (await import('./commands/bench.js')).benchCommand(artifact, opts, await context(opts)));

  common(program.command('serve <artifacts...>'))
    .description('HTTP JSON API: POST /v1/models/<name>:predict, /healthz, /metrics; hot reload; graceful shutdown.')
    .option('--host <host>', 'address to listen on', host('--host'), '127.0.0.1')
    .option('--port <port>', 'port, 0-65535 (0 picks a free one)', port('--port'), 8080)
    .option('--max-batch <n>', 'most inputs in one runtime call', positiveInt('--max-batch'), 32)
    .option('--max-delay <ms>', 'longest wait for a batch to fill', nonNegativeInt('--max-delay'), 2)
    .option('--body-limit <bytes>', 'largest request body', positiveInt('--body-limit'), 1024 * 1024)
    .option('--max-inputs <n>', 'most inputs in one request', positiveInt('--max-inputs'), 256)
    .option('--no-watch', 'do not reload artifacts replaced on disk')
    .option('--token-file <file>', 'require "Authorization: Bearer <token>" (the file\'s content; or set ATTUNE_SERVE_TOKEN); /healthz stays open')
    .option('--allowed-host <name>', 'also serve this Host header name (repeatable; * for any); localhost and the bound host always are', allowedHost('--allowed-host'), [])
    .option('--max-connections <n>', 'most connections open at once', positiveInt('--max-connections'), 256)
    .option('--request-timeout <ms>', 'longest a client may take to send a request (408 after)', positiveInt('--request-timeout'), 30_000)
    .option('--drain-timeout <ms>', 'on SIGTERM, longest wait for requests in flight before closing connections', nonNegativeInt('--drain-timeout'), 10_000)
    .option('--no-request-log', 'no log line per request (method, route, status, ms, request id)')
    .addHelpText('after', example('attune serve tickets=models/tickets --port 8080\n  curl -d \'{"inputs": ["I lost my card"]}\' -H content-type:application/json localhost:8080/v1/models/tickets:predict'))
    .action(async (artifacts: string[], opts) => (await import('./commands/serve.js')).serveCommand(artifacts, opts, await context(opts)));

  program.command('synth <out>')
    .description('Spoken takes of words in many synthetic voices (espeak-ng, flite: installed separately) as extra speech training data.')
    .requiredOption('--words <list>', 'comma-separated words, each "label=text" or just "text" (e.g. "0=zero,1=one" or "yes,no")')
    .option('--per-word <n>', 'takes of each word', positiveInt('--per-word'), 100)
    .option('--rate <hz>', 'sample rate of the clips written', positiveInt('--rate'), 16000)
    .option('--seed <n>', 'seed of the voices, pitches and rates drawn', nonNegativeInt('--seed'), 0)
    .option('--engines <list>', 'synthesisers to use: espeak-ng, flite (default: every one installed)')
    .option('--json', 'machine-readable JSON lines on stdout instead of progress bars and text')
    .addHelpText('after', example('attune synth data/commands --words "yes,no,stop" --per-word 200 && attune train speech --data data/commands --out models/commands'))
    .action(async (out: string, opts) => (await import('./commands/synth.js')).synthCommand(out, opts, await reporting(opts)));

  common(program.command('plugins'))
    .description('List the tasks and plugins the command line knows (built-in and attune-plugin-* packages).')
    .addHelpText('after', example('attune plugins'))
    .action(async (opts) => (await import('./commands/plugins.js')).pluginsCommand(await context(opts)));

  try {
    await program.parseAsync(argv, { from: 'user' });
    return EXIT_OK;
  } catch (error) {
    const code = exitCodeFor(error);
    if ((error as { code?: string }).code?.startsWith('commander.')) return code; // commander printed it
    const message = (error as Error)?.message ?? String(error);
    if (json) stdout.write(`${JSON.stringify({ type: 'error', exitCode: code, name: (error as Error)?.name, code: (error as { code?: unknown }).code, message })}\n`);
    if (code === EXIT_BAD_INPUT || code === EXIT_STOPPED) stderr.write(`attune: ${message}\n`);
    else stderr.write(`attune: internal error: ${(error as Error)?.stack ?? message}\n`);
    return code;
  }
}
