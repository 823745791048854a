import { describe, expect, it } from 'vitest';
import { CONFIG_NAMES, DEFAULT_SEARCH_SPACE } from '../../../src/training/config';
import { parseChoices, SpaceEditor } from '../../../src/ui/state/space-editor.svelte';

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
