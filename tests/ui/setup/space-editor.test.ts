import { describe, expect, it } from 'vitest';
import { CONFIG_NAMES, DEFAULT_SEARCH_SPACE } from '../../../src/training/config';
import { parseChoices, SpaceEditor } from '../../../src/ui/setup/space-editor.svelte';
import { spaceOptions } from '../../../src/ui/setup/setup-editor.svelte';
import { defaultSetup } from '../../../src/ui/setup/setup-config';
import { setupFromHash, setupToHash } from '../../../src/ui/persistence/share-url';

const cnn = () => new SpaceEditor(DEFAULT_SEARCH_SPACE, { names: CONFIG_NAMES, fixedNames: false });

describe('SpaceEditor', () => {
  it('round-trips a valid space and reports no errors', () => {
    const editor = cnn();
    expect(editor.errors.size).toBe(0);
    expect(editor.space).toEqual(DEFAULT_SEARCH_SPACE);
  });

  it('puts validateSpace’s message on the row that is wrong, and withholds the space', () => {
    const editor = cnn();
    const lr = editor.rows.find((r) => r.name === 'learningRate');
    if (!lr) throw new Error('no learningRate row');
    lr.low = '0';
    expect(editor.errors.get(lr.key)).toMatch(/log scale needs low > 0/i);
    expect(editor.space).toBeNull();
    lr.low = 'abc';
    expect(editor.errors.get(lr.key)).toMatch(/low must be a finite number/i);
    lr.low = '1e-4';
    expect(editor.errors.size).toBe(0);
  });

  it('refuses duplicate, empty and unknown names, and empty choices', () => {
    const editor = cnn();
    const [first, second] = editor.rows;
    if (!first || !second) throw new Error('rows missing');
    second.name = first.name;
    expect(editor.errors.get(second.key)).toMatch(/already used/);
    second.name = 'notAField';
    expect(editor.errors.get(second.key)).toMatch(/not a hyperparameter/);
    second.name = ' ';
    expect(editor.errors.get(second.key)).toMatch(/name/);
    second.name = 'optimizer';
    second.type = 'categorical';
    second.choices = ' , ';
    expect(editor.errors.get(second.key)).toMatch(/choices must not be empty/i);
  });

  it('reads choices as numbers, booleans and strings', () => {
    expect(parseChoices('32, 64, true, adam')).toEqual([32, 64, true, 'adam']);
  });

  it('adds unused names and removes rows, except for fixed-name tasks', () => {
    const editor = new SpaceEditor({ x: { type: 'float', low: 0, high: 1 } }, { names: ['x', 'y'], fixedNames: false });
    editor.add();
    expect(editor.rows.map((r) => r.name)).toEqual(['x', 'y']);
    editor.remove(editor.rows[0]?.key ?? '');
    expect(editor.rows.map((r) => r.name)).toEqual(['y']);
    const fixed = new SpaceEditor({ x: { type: 'float', low: 0, high: 1 } }, { names: ['x'], fixedNames: true });
    fixed.add();
    fixed.remove(fixed.rows[0]?.key ?? '');
    expect(fixed.rows).toHaveLength(1);
  });
});

describe('SpaceEditor with a task’s rules (spaceOptions)', () => {
  it('refuses a range whose span overflows, with the message a shared link gets', () => {
    const editor = new SpaceEditor(defaultSetup('branin').space, spaceOptions('branin'));
    const x1 = editor.rows[0];
    if (!x1) throw new Error('no x1 row');
    x1.low = '-1e308';
    x1.high = '1e308';
    const message = editor.errors.get(x1.key);
    expect(message).toBe('The range [-1e+308, 1e+308] is too wide: its span high − low overflows to infinity, so every sample would be infinite; narrow it.');
    expect(editor.space).toBeNull();
    const shared = setupFromHash(setupToHash({ ...defaultSetup('branin'), space: { ...defaultSetup('branin').space, x1: { type: 'float', low: -1e308, high: 1e308 } } }));
    expect(shared.kind === 'invalid' && shared.message).toContain(`parameter "x1": t${message?.slice(1, -1)}`);
  });

  it('refuses a range too narrow to sample', () => {
    const editor = new SpaceEditor(defaultSetup('branin').space, spaceOptions('branin'));
    const x2 = editor.rows[1];
    if (!x2) throw new Error('no x2 row');
    x2.low = '1';
    x2.high = '1.00000000000001';
    expect(editor.errors.get(x2.key)).toMatch(/^The range \[1, 1\.00000000000001\] is too narrow for numbers of its size/);
  });

  it('offers and accepts only what training accepts on CNN tasks', () => {
    const editor = new SpaceEditor(DEFAULT_SEARCH_SPACE, spaceOptions('mnist-cnn'));
    const activation = editor.rows.find((r) => r.name === 'activation');
    if (!activation) throw new Error('no activation row');
    expect(editor.accepts(activation)).toBe('one of "relu", "elu", "tanh", "selu"');
    activation.choices = 'relu, swish';
    expect(editor.errors.get(activation.key)).toBe('Training does not accept the choice "swish": activation must be one of "relu", "elu", "tanh", "selu".');
    activation.choices = 'relu, selu';
    expect(editor.errors.size).toBe(0);
    const dropout = editor.rows.find((r) => r.name === 'dropout');
    if (!dropout) throw new Error('no dropout row');
    dropout.high = '1';
    expect(editor.errors.get(dropout.key)).toBe('Training does not accept the whole range [0, 1]: dropout must be a finite number in [0, 0.9].');
  });

  it('a parameter added on a CNN task starts from what training accepts', () => {
    const editor = new SpaceEditor({ learningRate: { type: 'float', low: 1e-4, high: 1e-1, log: true } }, spaceOptions('mnist-cnn'));
    for (let i = 0; i < CONFIG_NAMES.length - 1; i++) editor.add();
    expect(editor.rows.map((r) => r.name).sort()).toEqual([...CONFIG_NAMES].sort());
    expect(editor.errors.size).toBe(0);
    expect(editor.space?.activation).toEqual({ type: 'categorical', choices: ['relu', 'elu', 'tanh', 'selu'] });
    expect(editor.space?.convBlocks).toEqual({ type: 'int', low: 1, high: 3 });
  });
});
