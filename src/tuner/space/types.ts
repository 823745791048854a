/** Search-space definitions: one parameter per name. */

/** A real-valued parameter in [low, high], optionally on a log scale. */
export interface FloatParam {
  readonly type: 'float';
  readonly low: number;
  readonly high: number;
  /** Sample and model on a log scale (needs low > 0). */
  readonly log?: boolean;
}

/** An integer parameter in [low, high], on a log scale or in steps. */
export interface IntParam {
  readonly type: 'int';
  readonly low: number;
  readonly high: number;
  readonly log?: boolean;
  /** Spacing of allowed values, low, low + step, …; (high − low) must be a multiple. Not with log. */
  readonly step?: number;
}

/** A value a categorical parameter may take. */
export type CategoricalValue = string | number | boolean;

/** A parameter that takes one of `choices` (unordered; compared by equality). */
export interface CategoricalParam {
  readonly type: 'categorical';
  readonly choices: readonly CategoricalValue[];
}

/** One parameter's definition: float, int or categorical. */
export type ParamDef = FloatParam | IntParam | CategoricalParam;
/** The kinds of parameter: `'float'`, `'int'` or `'categorical'`. */
export type ParamType = ParamDef['type'];

/** Parameter names map to definitions; key order is the order of dimensions everywhere. */
export type SearchSpace = Readonly<Record<string, ParamDef>>;

/** One parameter's value in a configuration. */
export type ParamValue = number | CategoricalValue;
/** A configuration: a value for every parameter of the space, by name. */
export type Params = Readonly<Record<string, ParamValue>>;

/** A bad search-space definition: names the parameter and the problem. */
export class SearchSpaceError extends Error {
  override readonly name = 'SearchSpaceError';
  constructor(
    readonly param: string | null,
    readonly problem: string,
  ) {
    super(param === null ? `search space: ${problem}` : `search space: parameter "${param}": ${problem}`);
  }
}

/** Parameter values that do not fit a space: names the parameter and the problem. */
export class ParamsError extends Error {
  override readonly name = 'ParamsError';
  constructor(
    readonly param: string | null,
    readonly problem: string,
  ) {
    super(param === null ? `params: ${problem}` : `params: "${param}": ${problem}`);
  }
}
