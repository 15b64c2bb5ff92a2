// Runs the built `attune` binary (packages/cli/dist/bin.js) for docs.test.ts, the way a user's shell would.
import { spawn, type ChildProcess } from 'node:child_process';

export interface Exited {
  code: number | null;
  signal: NodeJS.Signals | null;
  output: string; // stdout and stderr together, for failure messages
}

/** Runs `node bin args` in cwd to its end (killed after timeoutMs, so a hang fails instead of stalling). */
export function runAttune(bin: string, args: string[], cwd: string, timeoutMs = 60_000): Promise<Exited & { stdout: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [bin, ...args], { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let output = '';
    child.stdout.on('data', (d: Buffer) => ((stdout += d.toString()), (output += d.toString())));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, output });
    });
  });
}

export interface Serving {
  address: string;
  child: ChildProcess;
  exited: Promise<Exited>;
}

/** Starts `attune serve ...` and resolves once it prints `listening on <address>`; rejects if it exits first. */
export function startServe(bin: string, args: string[], cwd: string, timeoutMs = 30_000): Promise<Serving> {
  const child = spawn(process.execPath, [bin, ...args], { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const exited = new Promise<Exited>((resolve) => child.on('close', (code, signal) => resolve({ code, signal, output })));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`attune serve printed no address within ${timeoutMs} ms:\n${output}`));
    }, timeoutMs);
    const onData = (d: Buffer) => {
      output += d.toString();
      const address = /listening on (http:\/\/\S+)/.exec(output)?.[1];
      if (address) {
        clearTimeout(timer);
        resolve({ address, child, exited });
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.on('error', reject);
    void exited.then((e) => {
      clearTimeout(timer);
      reject(new Error(`attune serve exited (${e.code ?? e.signal}) before listening:\n${e.output}`));
    });
  });
}
