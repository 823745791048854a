/**
 * The JSON-line protocol spoken with bench/tuner/peers/optuna_peer.py: the requests this side
 * sends, the replies it reads, and a strict parser that names what is wrong with a reply line.
 */
import type { Params, SearchSpace } from '../../../src/tuner';

/** The Optuna samplers run as peers. */
export const PEER_NAMES = ['tpe', 'tpe-multivariate', 'tpe-constant-liar', 'cmaes', 'random'] as const;
export type PeerName = (typeof PEER_NAMES)[number];

export const isPeerName = (s: string): s is PeerName => (PEER_NAMES as readonly string[]).includes(s);

export type PeerRequest =
  | { readonly op: 'create'; readonly study: string; readonly sampler: PeerName; readonly seed: number; readonly space: SearchSpace }
  | { readonly op: 'ask'; readonly study: string }
  | { readonly op: 'tell'; readonly study: string; readonly number: number; readonly value: number }
  | { readonly op: 'close'; readonly study: string };

export type PeerReply =
  | { readonly kind: 'ready'; readonly optuna: string }
  | { readonly kind: 'unavailable'; readonly reason: string }
  | { readonly kind: 'created'; readonly study: string }
  | { readonly kind: 'asked'; readonly study: string; readonly number: number; readonly params: Params; readonly ms: number }
  | { readonly kind: 'told'; readonly study: string }
  | { readonly kind: 'closed'; readonly study: string }
  | { readonly kind: 'error'; readonly message: string };

/** A reply line that is not valid JSON or not a reply of the protocol. */
export class PeerProtocolError extends Error {
  override readonly name = 'PeerProtocolError';
}

export function encodeRequest(request: PeerRequest): string {
  return `${JSON.stringify(request)}\n`;
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function field<T>(o: Record<string, unknown>, key: string, ok: (v: unknown) => v is T, what: string, line: string): T {
  const v = o[key];
  if (!ok(v)) throw new PeerProtocolError(`peer reply: "${key}" must be ${what} in ${line}`);
  return v;
}

const isString = (v: unknown): v is string => typeof v === 'string';
const isFiniteNumber = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
const isTrialNumber = (v: unknown): v is number => Number.isInteger(v) && (v as number) >= 0;
const isParams = (v: unknown): v is Params =>
  isRecord(v) && Object.values(v).every((x) => typeof x === 'string' || typeof x === 'boolean' || isFiniteNumber(x));

/** Parses one reply line; throws a PeerProtocolError naming the problem. */
export function parseReply(line: string): PeerReply {
  let data: unknown;
  try {
    data = JSON.parse(line);
  } catch {
    throw new PeerProtocolError(`peer reply is not JSON: ${line.slice(0, 200)}`);
  }
  if (!isRecord(data)) throw new PeerProtocolError(`peer reply is not an object: ${line.slice(0, 200)}`);
  const kind = data.kind;
  switch (kind) {
    case 'ready':
      return { kind, optuna: field(data, 'optuna', isString, 'a version string', line) };
    case 'unavailable':
      return { kind, reason: field(data, 'reason', isString, 'a string', line) };
    case 'created':
    case 'told':
    case 'closed':
      return { kind, study: field(data, 'study', isString, 'a study id', line) };
    case 'asked':
      return {
        kind,
        study: field(data, 'study', isString, 'a study id', line),
        number: field(data, 'number', isTrialNumber, 'a trial number (integer ≥ 0)', line),
        params: field(data, 'params', isParams, 'an object of parameter values', line),
        ms: field(data, 'ms', isFiniteNumber, 'a number of milliseconds', line),
      };
    case 'error':
      return { kind, message: field(data, 'message', isString, 'a string', line) };
    default:
      throw new PeerProtocolError(`peer reply has unknown kind ${JSON.stringify(kind)}: ${line.slice(0, 200)}`);
  }
}
