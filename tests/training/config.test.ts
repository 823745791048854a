import { describe, expect, it } from 'vitest';
import { createStudy, validateSpace } from '../../src/tuner';
import {
  CONFIG_DOMAINS,
  CONFIG_NAMES,
  describeDomain,
  domainAccepts,
  configFromParams,
  DEFAULT_CONFIG,
  DEFAULT_SEARCH_SPACE,
  TrainConfigError,
  validateConfig,
} from '../../src/training/config';

describe('configFromParams', () => {
  it('returns the defaults for empty params', () => {
    expect(configFromParams({})).toEqual(DEFAULT_CONFIG);
    expect(validateConfig(DEFAULT_CONFIG)).toEqual(DEFAULT_CONFIG);
  });

  it('overrides only the named fields, structural and algorithmic alike', () => {
    const config = configFromParams({ convBlocks: 3, batchNorm: true, learningRate: 0.02, optimizer: 'momentum' });
    expect(config).toEqual({ ...DEFAULT_CONFIG, convBlocks: 3, batchNorm: true, learningRate: 0.02, optimizer: 'momentum' });
  });

  it('starts from a given base', () => {
    const base = { ...DEFAULT_CONFIG, epochs: 7 };
    expect(configFromParams({ dropout: 0.3 }, base)).toEqual({ ...base, dropout: 0.3 });
  });

  it('names an unknown hyperparameter and lists the known ones', () => {
    expect(() => configFromParams({ lr: 0.1 })).toThrow(TrainConfigError);
    expect(() => configFromParams({ lr: 0.1 })).toThrow(/"lr": unknown hyperparameter \(known: convBlocks, filters/);
  });

  it.each([
    ['convBlocks', 4, /integer in \[1, 3\]/],
    ['convBlocks', 1.5, /integer/],
    ['filters', 0, /integer in \[1, 128\]/],
    ['kernelSize', 4, /one of 1, 3, 5, 7/],
    ['dropout', 0.95, /in \[0, 0.9\]/],
    ['activation', 'swish', /one of "relu", "elu", "tanh", "selu"/],
    ['batchNorm', 'yes', /true or false/],
    ['optimizer', 'rmsprop', /one of "sgd", "momentum", "adam"/],
    ['learningRate', 0, /> 0/],
    ['learningRate', Number.NaN, /finite/],
    ['batchSize', 2048, /integer in \[1, 1024\]/],
    ['weightDecay', -1e-4, /≥ 0/],
    ['epochs', 0, /integer in \[1, 100\]/],
  ] as const)('rejects %s = %s', (name, value, message) => {
    let error: unknown;
    try {
      configFromParams({ [name]: value });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(TrainConfigError);
    expect((error as TrainConfigError).param).toBe(name);
    expect((error as Error).message).toMatch(message);
  });
});

describe('DEFAULT_SEARCH_SPACE', () => {
  it('is a valid space whose names are all config fields', () => {
    expect(() => validateSpace(DEFAULT_SEARCH_SPACE)).not.toThrow();
    for (const name of Object.keys(DEFAULT_SEARCH_SPACE)) expect(CONFIG_NAMES).toContain(name);
  });

  it('maps every sampled point onto a valid config', () => {
    const study = createStudy({ space: DEFAULT_SEARCH_SPACE, sampler: 'random', seed: 3 });
    for (let i = 0; i < 50; i++) {
      const { id, params } = study.ask();
      expect(() => configFromParams(params)).not.toThrow();
      study.tell(id, 1);
    }
  });
});

describe('CONFIG_DOMAINS: what training accepts, the one table the page offers from', () => {
  it('every listed choice, and both ends of every range, is a config training accepts', () => {
    for (const name of CONFIG_NAMES) {
      const domain = CONFIG_DOMAINS[name];
      const values = domain.kind === 'choice' ? domain.choices : domain.kind === 'boolean' ? [false, true] : ['lowOpen' in domain && domain.lowOpen ? domain.low + 1e-9 : domain.low, domain.high === Infinity ? 1e6 : domain.high];
      for (const v of values) {
        expect(domainAccepts(domain, v)).toBe(true);
        expect(() => configFromParams({ [name]: v })).not.toThrow();
      }
    }
  });

  it('refuses exactly what configFromParams refuses, with the same description', () => {
    expect(domainAccepts(CONFIG_DOMAINS.activation, 'swish')).toBe(false);
    expect(describeDomain(CONFIG_DOMAINS.activation)).toBe('one of "relu", "elu", "tanh", "selu"');
    expect(() => configFromParams({ activation: 'swish' })).toThrow(`must be ${describeDomain(CONFIG_DOMAINS.activation)}`);
    expect(describeDomain(CONFIG_DOMAINS.learningRate)).toBe('a finite number > 0');
    expect(describeDomain(CONFIG_DOMAINS.dropout)).toBe('a finite number in [0, 0.9]');
    expect(describeDomain(CONFIG_DOMAINS.kernelSize)).toBe('one of 1, 3, 5, 7');
  });
});
