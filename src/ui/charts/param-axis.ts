/**
 * Axes for search-space parameters: where a value sits on [0, 1] and which ticks to label, in the
 * parameter's real units (log axes for log parameters, one tick per choice for categoricals).
 * Positions use the tuner's own encoding, so a chart and the GP agree on where a point is.
 *
 * Notation
 *   u ∈ [0, 1]   encoded coordinate (0 = low end of the axis); see src/tuner/space/encode.ts
 */
import { decodeValue, encodeValue, type ParamDef, type ParamValue } from '../../tuner';
import { formatNumber, formatScientific, formatTick, logTicks, niceTicks } from './scales';

export interface AxisTick {
  readonly u: number;
  readonly label: string;
}

export interface ParamAxis {
  readonly name: string;
  readonly def: ParamDef;
  /** True for log parameters; the label says so. */
  readonly log: boolean;
  /** "lr (log)", "units", "optimizer". */
  readonly label: string;
  readonly ticks: readonly AxisTick[];
  /** Value → u. */
  position(value: ParamValue): number;
  /** u → the nearest allowed value. */
  valueAt(u: number): ParamValue;
  /** A value as text: scientific for log parameters, 3–4 significant digits otherwise. */
  format(value: ParamValue): string;
}

export function paramAxis(name: string, def: ParamDef, tickCount = 5): ParamAxis {
  const log = def.type !== 'categorical' && def.log === true;
  const position = (value: ParamValue) => encodeValue(def, value);
  const format = (value: ParamValue) => formatParamValue(def, value);
  return {
    name,
    def,
    log,
    label: log ? `${name} (log)` : name,
    ticks: tickLabels(def, axisTicks(def, tickCount)).map(({ value, label }) => ({ u: position(value), label })),
    position,
    valueAt: (u) => decodeValue(def, u),
    format,
  };
}

/** A parameter value as text: scientific for log parameters, 3–4 significant digits otherwise. */
export function formatParamValue(def: ParamDef, value: ParamValue): string {
  if (typeof value !== 'number') return String(value);
  if (def.type === 'categorical') return String(value);
  if (def.type === 'int') return def.log && value >= 1e4 ? formatScientific(value, 3) : String(value);
  return def.log ? formatScientific(value, 3) : formatNumber(value, 4);
}

function axisTicks(def: ParamDef, count: number): ParamValue[] {
  switch (def.type) {
    case 'categorical':
      return def.choices.slice();
    case 'float':
      return def.log ? logTicks(def.low, def.high, count) : niceTicks(def.low, def.high, count);
    case 'int': {
      if (def.log) return logTicks(def.low, def.high, count).filter((v) => Number.isInteger(v));
      const step = def.step ?? 1;
      const allowed = Math.floor((def.high - def.low) / step) + 1;
      if (allowed <= count + 2) return Array.from({ length: allowed }, (_, i) => def.low + i * step);
      const snapped = niceTicks(def.low, def.high, count).map((v) => Math.min(def.high, Math.max(def.low, def.low + Math.round((v - def.low) / step) * step)));
      return [...new Set(snapped)];
    }
    default: {
      const unreachable: never = def;
      return unreachable;
    }
  }
}

/** Tick labels; a log axis that needs scientific notation anywhere uses it everywhere (1e-4 … 1e-1). */
function tickLabels(def: ParamDef, values: ParamValue[]): { value: ParamValue; label: string }[] {
  const log = def.type !== 'categorical' && def.log === true;
  const numbers = values.filter((v): v is number => typeof v === 'number');
  const scientific = log && numbers.some((v) => Math.abs(v) < 1e-2 || Math.abs(v) >= 1e4);
  return values.map((value) => ({
    value,
    label: typeof value !== 'number' ? String(value) : scientific ? formatScientific(value, 2) : formatTick(value, log),
  }));
}
