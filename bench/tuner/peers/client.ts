/**
 * One Optuna peer process (bench/tuner/peers/optuna_peer.py) and the studies it holds: requests
 * are written one JSON line each and answered in order, so each request awaits the next reply line.
 *
 * The interpreter is the first of bench/python.ts's candidates that imports Optuna (Debian's
 * /usr/bin/python3 with python3-optuna first). `PeerProcess.start` answers { kind: 'unavailable',
 * reason } when none can run the script or import Optuna, so the benchmark can report that and go on.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { createInterface } from 'node:readline';
import type { Params, SearchSpace } from '../../../src/tuner';
import { findPythonWith, PYTHON_CANDIDATES } from '../../python';
import { encodeRequest, parseReply, type PeerName, type PeerReply, type PeerRequest } from './protocol';

const SCRIPT = fileURLToPath(new URL('./optuna_peer.py', import.meta.url));

export type PeerStart = { readonly kind: 'ready'; readonly peer: PeerProcess } | { readonly kind: 'unavailable'; readonly reason: string };

export class PeerProcess {
  private readonly waiting: { resolve: (r: PeerReply) => void; reject: (e: Error) => void }[] = [];
  private exited: Error | null = null;
  private nextStudy = 0;

  private constructor(
    private readonly child: ChildProcessWithoutNullStreams,
    readonly optunaVersion: string,
  ) {}

  /** Starts the script and waits for its first line (ready or unavailable). */
  static async start(pythonGiven?: string): Promise<PeerStart> {
    // Without an interpreter that imports Optuna, the first candidate runs the script, which says why.
    const python = pythonGiven ?? (await findPythonWith('optuna')) ?? PYTHON_CANDIDATES[0];
    return new Promise((resolve) => {
      const child = spawn(python, [SCRIPT], { stdio: ['pipe', 'pipe', 'pipe'] });
      let stderr = '';
      let peer: PeerProcess | null = null;
      child.stderr.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-2000)));
      child.on('error', (err) => resolve({ kind: 'unavailable', reason: `${python} cannot run: ${err.message}` }));
      child.on('exit', (code) => {
        const reason = `${python} ${SCRIPT} exited (code ${code})${stderr ? `: ${stderr.trim()}` : ''}`;
        if (peer === null) resolve({ kind: 'unavailable', reason });
        else peer.fail(new Error(reason));
      });
      const lines = createInterface({ input: child.stdout });
      lines.on('line', (line) => {
        if (peer !== null) return peer.receive(line);
        const first = parseReply(line);
        if (first.kind === 'ready') {
          peer = new PeerProcess(child, first.optuna);
          resolve({ kind: 'ready', peer });
        } else {
          resolve({ kind: 'unavailable', reason: first.kind === 'unavailable' ? first.reason : `unexpected first reply: ${line}` });
          child.kill();
        }
      });
    });
  }

  private receive(line: string): void {
    const next = this.waiting.shift();
    if (next === undefined) return;
    try {
      next.resolve(parseReply(line));
    } catch (err) {
      next.reject(err as Error);
    }
  }

  private fail(err: Error): void {
    this.exited = err;
    for (const w of this.waiting.splice(0)) w.reject(err);
  }

  request(request: PeerRequest): Promise<PeerReply> {
    if (this.exited !== null) return Promise.reject(this.exited);
    return new Promise((resolve, reject) => {
      this.waiting.push({ resolve, reject });
      this.child.stdin.write(encodeRequest(request));
    });
  }

  /** A new study of `sampler` in this process. */
  async createStudy(sampler: PeerName, seed: number, space: SearchSpace): Promise<PeerStudy> {
    const study = `s${this.nextStudy++}`;
    expectReply(await this.request({ op: 'create', study, sampler, seed, space }), 'created');
    return new PeerStudy(this, study);
  }

  close(): void {
    this.child.stdin.end();
  }
}

/** One Optuna study of a peer process: ask (params, trial number, ms of Optuna's ask), tell, close. */
export class PeerStudy {
  constructor(
    private readonly peer: PeerProcess,
    private readonly study: string,
  ) {}

  async ask(): Promise<{ id: number; params: Params; ms: number }> {
    const reply = expectReply(await this.peer.request({ op: 'ask', study: this.study }), 'asked');
    return { id: reply.number, params: reply.params, ms: reply.ms };
  }

  async tell(id: number, value: number): Promise<void> {
    expectReply(await this.peer.request({ op: 'tell', study: this.study, number: id, value }), 'told');
  }

  async close(): Promise<void> {
    expectReply(await this.peer.request({ op: 'close', study: this.study }), 'closed');
  }
}

function expectReply<K extends PeerReply['kind']>(reply: PeerReply, kind: K): Extract<PeerReply, { kind: K }> {
  if (reply.kind === kind) return reply as Extract<PeerReply, { kind: K }>;
  if (reply.kind === 'error') throw new Error(`optuna peer: ${reply.message}`);
  throw new Error(`optuna peer: expected a "${kind}" reply, got "${reply.kind}"`);
}
