/**
 * Constraints on a study (Optuna's convention): a study declares constraint names, and each trial
 * is told a value per name with its outcome, `study.tell(id, value, { constraints: { paramCount:
 * count − 1200 } })`. A value c ≤ 0 means satisfied; c > 0 means violated by c. A trial is feasible
 * when every told value is ≤ 0; `study.best` is the best feasible complete trial, and when no
 * complete trial is feasible `study.feasibility.message` says so (`study.requireBest()` throws an
 * `InfeasibleStudyError` with that message).
 */
import { isFeasible, type Trial } from '../trial/trial';

/** How the complete trials violate one constraint. */
export interface ConstraintViolations {
  /** Complete trials that violate this constraint. */
  readonly count: number;
  /** The smallest violation among them (c > 0), or null when none violates it. */
  readonly smallest: number | null;
}

/** How a constrained study's complete trials stand against its constraints (`summarizeFeasibility`). */
export interface FeasibilitySummary {
  /** The study's declared constraint names (empty: an unconstrained study). */
  readonly constraints: readonly string[];
  /** Complete trials, and how many of them are feasible. */
  readonly complete: number;
  readonly feasible: number;
  readonly violations: Readonly<Record<string, ConstraintViolations>>;
  /** A sentence for the page when trials completed but none is feasible; null otherwise. */
  readonly message: string | null;
}

/** Thrown by `study.requireBest()` when trials completed but none satisfies the constraints. */
export class InfeasibleStudyError extends Error {
  override readonly name = 'InfeasibleStudyError';
  constructor(readonly summary: FeasibilitySummary) {
    super(summary.message ?? 'no feasible trial');
  }
}

/** Counts feasible trials and each constraint's violations, with a sentence for the page when no trial is feasible. */
export function summarizeFeasibility(constraints: readonly string[], trials: readonly Trial[]): FeasibilitySummary {
  const complete = trials.filter((t) => t.state === 'complete');
  const feasible = complete.filter(isFeasible).length;
  const violations: Record<string, ConstraintViolations> = {};
  for (const name of constraints) {
    const over = complete.map((t) => t.constraints?.[name]).filter((c): c is number => c !== undefined && c > 0);
    violations[name] = { count: over.length, smallest: over.length === 0 ? null : Math.min(...over) };
  }
  let message: string | null = null;
  if (complete.length > 0 && feasible === 0) {
    const parts = constraints
      .filter((n) => (violations[n]?.count ?? 0) > 0)
      .map((n) => `"${n}" is violated by ${violations[n]?.count} (by at least ${formatNumber(violations[n]?.smallest ?? 0)})`);
    message = `No feasible trial: all ${complete.length} complete trial${complete.length === 1 ? '' : 's'} violate a constraint; ${parts.join(', ')}.`;
  }
  return { constraints: constraints.slice(), complete: complete.length, feasible, violations, message };
}

/** Checks told constraint values: declared names only, finite numbers, all of them for a completion. */
export function checkToldConstraints(
  declared: readonly string[],
  given: unknown,
  completes: boolean,
): { kind: 'ok'; values: Record<string, number> | undefined } | { kind: 'refused'; problem: string } {
  if (given === undefined) {
    if (completes && declared.length > 0) return { kind: 'refused', problem: `this study has constraints (${declared.join(', ')}); tell their values with the objective` };
    return { kind: 'ok', values: undefined };
  }
  if (given === null || typeof given !== 'object' || Array.isArray(given)) return { kind: 'refused', problem: 'constraints must be an object of numbers by name' };
  const values: Record<string, number> = {};
  for (const [name, c] of Object.entries(given)) {
    if (!declared.includes(name)) {
      const known = declared.length === 0 ? 'this study declares none: createStudy({ constraints: [...] })' : `declared: ${declared.join(', ')}`;
      return { kind: 'refused', problem: `unknown constraint "${name}" (${known})` };
    }
    if (typeof c !== 'number' || !Number.isFinite(c)) return { kind: 'refused', problem: `constraint "${name}" must be a finite number, got ${String(c)}` };
    values[name] = c;
  }
  const missing = completes ? declared.filter((n) => values[n] === undefined) : [];
  if (missing.length > 0) return { kind: 'refused', problem: `constraint${missing.length === 1 ? '' : 's'} ${missing.map((m) => `"${m}"`).join(', ')} missing` };
  return { kind: 'ok', values };
}

function formatNumber(v: number): string {
  return Number.isInteger(v) ? String(v) : v.toPrecision(3);
}
