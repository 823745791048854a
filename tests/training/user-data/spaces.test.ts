/**
 * The user-data search spaces (src/training/user-data/spaces.ts): each family's recommended space
 * fits it and the tuner accepts it; `familySpaceProblem` refuses names a family does not know and
 * values its training cannot take, naming the parameter; the params readers fill defaults and
 * refuse bad values; the metric names per task kind.
 */
import { describe, expect, it } from 'vitest';
import { DEFAULT_SEARCH_SPACE, TrainConfigError } from '../../../src/training/config';
import { mlpParams, MLP_DEFAULTS, userModelParams } from '../../../src/training/user-data/family-params';
import {
  familySpaceProblem,
  IMAGE_CNN_SEARCH_SPACE,
  mlpSearchSpace,
  userDataMetricNames,
  userModelSearchSpace,
} from '../../../src/training/user-data/spaces';
import { OBJECTIVE_METRICS } from '../../../src/training/evaluation';
import { createStudy as createTunerStudy } from '../../../src/tuner';

const createStudy = (space: Parameters<typeof createTunerStudy>[0]['space']) => createTunerStudy({ space, sampler: 'random', seed: 1 });

describe('recommended spaces', () => {
  it.each(['classification', 'regression'] as const)('the MLP space for %s fits the MLP and the tuner accepts it', (task) => {
    const space = mlpSearchSpace(task);
    expect(Object.keys(space)).toEqual(['layers', 'units', 'activation', 'dropout', 'batchNorm', 'learningRate', 'optimizer', 'batchSize', 'weightDecay']);
    expect(space.units).toEqual({ type: 'int', low: 8, high: 256, log: true });
    expect(familySpaceProblem('mlp', space)).toBeNull();
    expect(() => createStudy(space)).not.toThrow();
  });

  it("the image CNN's space is the built-in CNN's and fits the CNN", () => {
    expect(IMAGE_CNN_SEARCH_SPACE).toBe(DEFAULT_SEARCH_SPACE);
    expect(familySpaceProblem('cnn', IMAGE_CNN_SEARCH_SPACE)).toBeNull();
  });

  it('the user-model space tunes training, and frozenLayers 0 … weightedLayers − 1 only when asked', () => {
    expect(Object.keys(userModelSearchSpace(4, false))).toEqual(['learningRate', 'optimizer', 'batchSize', 'weightDecay']);
    const space = userModelSearchSpace(4, true);
    expect(space.frozenLayers).toEqual({ type: 'int', low: 0, high: 3 });
    expect(familySpaceProblem('user-model', space, 4)).toBeNull();
    expect(userModelSearchSpace(1, true).frozenLayers).toBeUndefined();
    expect(() => userModelSearchSpace(0, true)).toThrow(/weightedLayers must be an integer ≥ 1/);
  });
});

describe('familySpaceProblem', () => {
  it('refuses a name the family does not know, listing the ones it knows', () => {
    expect(familySpaceProblem('mlp', { filters: { type: 'int', low: 1, high: 8 } })).toEqual({
      param: 'filters',
      problem: expect.stringMatching(/^"filters" is not a hyperparameter of the MLP \(known: layers, units, .*\)$/),
    });
    expect(familySpaceProblem('cnn', { units: { type: 'int', low: 1, high: 8 } })?.param).toBe('units');
    expect(familySpaceProblem('user-model', { layers: { type: 'int', low: 1, high: 2 } })?.problem).toMatch(/not a hyperparameter of your model/);
  });

  it('refuses values training cannot take, naming the parameter and what it accepts', () => {
    expect(familySpaceProblem('mlp', { units: { type: 'int', low: 0, high: 8 } })).toEqual({
      param: 'units',
      problem: 'training does not accept the whole range [0, 8]: units must be an integer in [1, 1024]',
    });
    expect(familySpaceProblem('mlp', { activation: { type: 'categorical', choices: ['relu', 'swish'] } })?.problem).toMatch(/does not accept the choice "swish"/);
    expect(familySpaceProblem('mlp', { layers: { type: 'float', low: 1, high: 3 } })?.problem).toMatch(/make it an int parameter/);
    expect(familySpaceProblem('mlp', { batchNorm: { type: 'int', low: 0, high: 1 } })?.problem).toMatch(/make it a choices parameter/);
    expect(familySpaceProblem('cnn', { kernelSize: { type: 'int', low: 3, high: 4 } })?.problem).toMatch(/does not accept 4/);
    expect(familySpaceProblem('cnn', { dropout: { type: 'float', low: 0, high: 0.95 } })?.param).toBe('dropout');
  });

  it("bounds frozenLayers by the model's weighted layers: at least one trains", () => {
    const space = { frozenLayers: { type: 'int', low: 0, high: 3 } } as const;
    expect(familySpaceProblem('user-model', space, 4)).toBeNull();
    expect(familySpaceProblem('user-model', space, 3)).toEqual({
      param: 'frozenLayers',
      problem: 'training does not accept the whole range [0, 3]: frozenLayers must be an integer in [0, 2]',
    });
    expect(familySpaceProblem('user-model', space)).toBeNull();
  });
});

describe('params of a trial', () => {
  it('fill the defaults and check each value', () => {
    expect(mlpParams({ units: 16 })).toEqual({ ...MLP_DEFAULTS, units: 16 });
    expect(() => mlpParams({ dropout: 0.95 })).toThrow(TrainConfigError);
    expect(() => mlpParams({ dropout: 0.95 })).toThrow('training config: "dropout": must be a finite number in [0, 0.9], got 0.95');
    expect(() => mlpParams({ width: 3 })).toThrow(/"width": unknown hyperparameter of the MLP/);
    expect(userModelParams({ frozenLayers: 2 }, 3).frozenLayers).toBe(2);
    expect(() => userModelParams({ frozenLayers: 3 }, 3)).toThrow(/"frozenLayers": must be an integer in \[0, 2\]/);
  });
});

describe('userDataMetricNames', () => {
  it('lists every metric an epoch reports, the objective metrics of the kind among them', () => {
    expect(userDataMetricNames('classification')).toEqual(['loss', 'accuracy', 'valLoss', 'valAccuracy', 'valBalancedAccuracy', 'valMacroF1']);
    expect(userDataMetricNames('regression')).toEqual(['loss', 'valLoss', 'valRmse', 'valMae', 'valR2']);
    for (const metric of OBJECTIVE_METRICS) expect(userDataMetricNames(metric.kind)).toContain(metric.name);
  });
});
