/**
 * JSON text in which Python reads floats as floats. JavaScript's JSON.stringify writes the float
 * 3.0 as `3`, which Python's json module reads as the int 3 (Optuna would then report a best value
 * of 3 and params like {'x': 1}); a number wrapped in `PythonFloat` is written the way Python's
 * `json.dumps` writes a float instead: `3.0`, `1e-05`, `NaN`, `Infinity`.
 *
 *   pythonJson({ value: new PythonFloat(3), n: 3 })   // '{"value":3.0,"n":3}'
 */
import { pythonFloatRepr } from './pandas-text';

/** A number that Python must read back as a float. */
export class PythonFloat {
  constructor(readonly value: number) {}
}

/** A JSON value whose numbers may be marked as floats. */
export type PythonJSONValue = string | number | boolean | null | PythonFloat | readonly PythonJSONValue[] | { readonly [key: string]: PythonJSONValue | undefined };

/** `value` as compact JSON text; `PythonFloat`s as `json.dumps` writes floats, other values as JSON.stringify writes them. */
export function pythonJson(value: PythonJSONValue): string {
  if (value instanceof PythonFloat) return pythonFloatJson(value.value);
  if (Array.isArray(value)) return `[${(value as readonly PythonJSONValue[]).map(pythonJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as { readonly [key: string]: PythonJSONValue | undefined }).filter((e): e is [string, PythonJSONValue] => e[1] !== undefined);
    return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${pythonJson(item)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/** A float as `json.dumps` writes it: its repr, or Python's words for NaN and the infinities. */
function pythonFloatJson(n: number): string {
  if (Number.isNaN(n)) return 'NaN';
  if (!Number.isFinite(n)) return n > 0 ? 'Infinity' : '-Infinity';
  return pythonFloatRepr(n);
}
