/**
 * The one error a user's tfjs model raises before training: `UserModelError`, with a `problem`
 * that says which check failed and a message that names the file and the problem.
 */

/** Which check a user's model failed. */
export type UserModelProblem =
  | 'no-model-json'
  | 'several-json'
  | 'not-json'
  | 'too-large'
  | 'too-deep'
  | 'graph-model'
  | 'not-layers-model'
  | 'bad-manifest'
  | 'missing-weights'
  | 'weights-size'
  | 'quantized'
  | 'unsupported-dtype'
  | 'input-shape'
  | 'output-shape';

/** A model that cannot be trained as it is; `message` names the file and the problem. */
export class UserModelError extends Error {
  override readonly name = 'UserModelError';

  constructor(
    readonly problem: UserModelProblem,
    message: string,
  ) {
    super(message);
  }
}
