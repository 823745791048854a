import { describe, expect, it } from 'vitest';
import { CONFIG_NAMES, DEFAULT_SEARCH_SPACE } from '../../../src/training/config';
import { validateSpace, type ParamDef } from '../../../src/tuner';
import { TASK_IDS, TASKS } from '../../../src/ui/setup/tasks';
import { taskAccepts, taskNewParam, taskParamProblem, taskSpaceProblem } from '../../../src/ui/setup/task-space';

const cnn = (name: string, def: ParamDef) => taskParamProblem('mnist-cnn', name, def);

describe('taskSpaceProblem', () => {
  it('accepts every task’s own default space', () => {
    for (const id of TASK_IDS) expect(taskSpaceProblem(id, TASKS[id].defaultSpace)).toBeNull();
  });

  it('refuses a Branin space with 30 parameters, naming the count', () => {
    const space = validateSpace(Object.fromEntries(Array.from({ length: 30 }, (_, i) => [`x${i + 1}`, { type: 'float', low: 0, high: 1 }])));
    expect(taskSpaceProblem('branin', space)).toEqual({ param: null, problem: 'the task "branin" reads 2 parameters (x1, x2); this space has 30' });
  });

  it('refuses names a synthetic task does not read, and a missing name', () => {
    const renamed = validateSpace({ x1: { type: 'float', low: 0, high: 1 }, y: { type: 'float', low: 0, high: 1 } });
    expect(taskSpaceProblem('branin', renamed)).toEqual({ param: 'y', problem: '"y" is not a parameter of the task "branin" (it reads x1, x2)' });
    const short = validateSpace({ x1: { type: 'float', low: 0, high: 1 } });
    expect(taskSpaceProblem('branin', short)).toEqual({ param: 'x2', problem: 'is missing: the task "branin" reads it' });
  });

  it('refuses words among a synthetic landscape’s choices (it reads numbers)', () => {
    const space = validateSpace({ x1: { type: 'categorical', choices: [1, 'a'] }, x2: { type: 'float', low: 0, high: 15 } });
    expect(taskSpaceProblem('branin', space)?.problem).toBe('the task "branin" reads numbers: the choice "a" is not one');
  });

  it('refuses names that are not training settings on CNN tasks', () => {
    expect(taskSpaceProblem('mnist-cnn', validateSpace({ lr: { type: 'float', low: 0.1, high: 1 } }))?.problem).toMatch(
      /^"lr" is not a hyperparameter of this model \(known: convBlocks, filters/,
    );
  });
});

describe('taskParamProblem on CNN tasks: only what training accepts', () => {
  it.each([
    ['activation', { type: 'categorical', choices: ['relu', 'swish'] }, 'training does not accept the choice "swish": activation must be one of "relu", "elu", "tanh", "selu"'],
    ['optimizer', { type: 'categorical', choices: ['adam', 'rmsprop'] }, 'training does not accept the choice "rmsprop": optimizer must be one of "sgd", "momentum", "adam"'],
    ['batchNorm', { type: 'categorical', choices: [true, 'yes'] }, 'training does not accept the choice "yes": batchNorm must be true or false'],
    ['kernelSize', { type: 'int', low: 1, high: 7 }, 'training does not accept 2, which the range [1, 7] can take: kernelSize must be one of 1, 3, 5, 7'],
    ['convBlocks', { type: 'int', low: 1, high: 5 }, 'training does not accept the whole range [1, 5]: convBlocks must be an integer in [1, 3]'],
    ['convBlocks', { type: 'float', low: 1, high: 3 }, 'training takes whole numbers here (convBlocks must be an integer in [1, 3]): make it an int parameter'],
    ['dropout', { type: 'float', low: 0, high: 1 }, 'training does not accept the whole range [0, 1]: dropout must be a finite number in [0, 0.9]'],
    ['learningRate', { type: 'float', low: 0, high: 0.1 }, 'training does not accept the whole range [0, 0.1]: learningRate must be a finite number > 0'],
    ['activation', { type: 'float', low: 0, high: 1 }, 'training takes only listed values here (activation must be one of "relu", "elu", "tanh", "selu"): make it a choices parameter'],
    ['batchNorm', { type: 'int', low: 0, high: 1 }, 'training takes only listed values here (batchNorm must be true or false): make it a choices parameter'],
    ['filters', { type: 'categorical', choices: [8, 256] }, 'training does not accept the choice 256: filters must be an integer in [1, 128]'],
  ] as [string, ParamDef, string][])('%s %j', (name, def, message) => {
    expect(cnn(name, def)).toBe(message);
  });

  it('accepts ranges whose every value training takes', () => {
    expect(cnn('kernelSize', { type: 'int', low: 1, high: 7, step: 2 })).toBeNull();
    expect(cnn('convBlocks', { type: 'int', low: 1, high: 3 })).toBeNull();
    expect(cnn('dropout', { type: 'float', low: 0, high: 0.9 })).toBeNull();
    expect(cnn('weightDecay', { type: 'float', low: 0, high: 0.1 })).toBeNull();
    expect(cnn('batchSize', { type: 'int', low: 16, high: 256, log: true })).toBeNull();
  });

  it('a row added for any training setting starts from what training accepts, and says what that is', () => {
    for (const name of CONFIG_NAMES) {
      expect(cnn(name, validateSpace({ [name]: taskNewParam('mnist-cnn', name) })[name] as ParamDef)).toBeNull();
      expect(taskAccepts('mnist-cnn', name)).toMatch(/^(an integer in|a finite number|one of|true or false)/);
    }
    expect(taskAccepts('mnist-cnn', 'activation')).toBe('one of "relu", "elu", "tanh", "selu"');
    expect(taskAccepts('branin', 'x1')).toBeNull();
  });

  it('the recommended CNN space offers only choices training accepts', () => {
    for (const [name, def] of Object.entries(DEFAULT_SEARCH_SPACE)) expect(cnn(name, def)).toBeNull();
  });
});
