/**
 * The evaluation panel's data: a task's validation predictions turned into what its panel shows
 * (class-evaluation.ts for a classification, regression-evaluation.ts for a regression). Pure
 * TypeScript, computed once per set of predictions; bad predictions throw an error naming the problem.
 */
import { classificationEvaluation, type ClassificationEvaluation } from './class-evaluation';
import { regressionEvaluation, type RegressionEvaluation } from './regression-evaluation';
import type { ValidationPredictions } from './validation-predictions';

export type Evaluation = ClassificationEvaluation | RegressionEvaluation;

export function evaluatePredictions(predictions: ValidationPredictions): Evaluation {
  switch (predictions.task) {
    case 'classification': {
      if (predictions.classNames === null) throw new Error('validation predictions: a classification needs its class names');
      return classificationEvaluation(predictions.actual, predictions.outputs, predictions.classNames);
    }
    case 'regression':
      return regressionEvaluation(predictions.actual, predictions.outputs);
    default: {
      const unknown: never = predictions.task;
      throw new Error(`validation predictions: unknown task kind ${JSON.stringify(unknown)}`);
    }
  }
}
