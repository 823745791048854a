/** Search-space definitions: one parameter per name. */

export interface FloatParam {
  readonly type: 'float';
  readonly low: number;
  readonly high: number;
  /** Sample and model on a log scale (needs low > 0). */
  readonly log?: boolean;
}

export interface IntParam {
  readonly type: 'int';
  readonly low: number;
  readonly high: number;
  readonly log?: boolean;
  /** Spacing of allowed values, low, low + step, …; (high − low) must be a multiple. Not with log. */
  readonly step?: number;
}

export type CategoricalValue = string | number | boolean;

export interface CategoricalParam {
  readonly type: 'categorical';
  readonly choices: readonly CategoricalValue[];
}

export type ParamDef = FloatParam | IntParam | CategoricalParam;
export type ParamType = ParamDef['type'];

/** Parameter names map to definitions; key order is the order of dimensions everywhere. */
export type SearchSpace = Readonly<Record<string, ParamDef>>;

export type ParamValue = number | CategoricalValue;
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
