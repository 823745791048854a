import { describe, expect, it } from 'vitest';
import {
  TableError,
  checkRowsForFolds,
  chooseTarget,
  describeProfile,
  minimumRowsForFolds,
  parseTable,
  profileColumns,
  type ColumnProfile,
} from '../../../src/training/table';
import { thrownBy } from '../../thrown';

const table = (text: string) => parseTable(new TextEncoder().encode(text));

const refusal = (run: () => unknown): TableError => thrownBy(TableError, run);

const CSV = [
  'id,age,colour,code,note,country,score',
  `1,30,red,A1,${'a long free-text remark about this row number one'},uk,1`,
  `2,,blue,B2,${'another long free-text remark, this one quoted'.replace(',', ';')},uk,0`,
  `3,41,red,C3,${'yet another long free-text remark about row three'},uk,1`,
  `4,35,,D4,${'and a fourth long free-text remark for good measure'},uk,2`,
  `5,28,green,E5,${'the fifth long free-text remark in this small table'},uk,0`,
].join('\n');

describe('profileColumns', () => {
  const profiles = profileColumns(table(CSV));
  const byName = (name: string): ColumnProfile => profiles.find((profile) => profile.name === name) as ColumnProfile;

  it('infers each column kind: ID-like, numeric, categorical, text, constant', () => {
    expect(profiles.map((profile) => [profile.name, profile.kind])).toEqual([
      ['id', 'id-like'],
      ['age', 'numeric'],
      ['colour', 'categorical'],
      ['code', 'id-like'],
      ['note', 'text'],
      ['country', 'constant'],
      ['score', 'numeric'],
    ]);
  });

  it('summarises numeric columns with missing count, min, max and mean', () => {
    const age = byName('age');
    expect(age).toMatchObject({ kind: 'numeric', missing: 1, min: 28, max: 41, mean: (30 + 41 + 35 + 28) / 4, allIntegers: true });
    expect(describeProfile(age)).toBe('numeric: 28 to 41, mean 33.5, 1 missing');
  });

  it('summarises categorical columns with their top categories and distinct count', () => {
    const colour = byName('colour');
    expect(colour).toMatchObject({ kind: 'categorical', missing: 1, distinct: 3 });
    expect(colour.kind === 'categorical' && colour.top).toEqual([
      { value: 'red', count: 2 },
      { value: 'blue', count: 1 },
      { value: 'green', count: 1 },
    ]);
    expect(describeProfile(colour)).toBe('categorical: 3 categories (red ×2, blue ×1, green ×1), 1 missing');
  });

  it('calls unique non-consecutive numbers numeric, not ID-like, and an all-missing column constant', () => {
    const profiles = profileColumns(table('x,y,z,n\n1.5,10,,3\n2.5,30,,1\n7,20,,2\n'));
    expect(profiles.map((profile) => profile.kind)).toEqual(['numeric', 'numeric', 'constant', 'id-like']);
    expect(describeProfile(profiles[2])).toBe('constant: every value is missing');
    expect(profileColumns(table('x,y\n1,a\n5,b\n9,a\n'))[0].kind).toBe('numeric');
  });
});

describe('chooseTarget', () => {
  const data = table(CSV);
  const profiles = profileColumns(data);

  it('infers classification for categories or a few whole numbers, and regression for other numbers', () => {
    expect(chooseTarget(data, profiles, 'colour').taskKind).toBe('classification');
    expect(chooseTarget(data, profiles, 'score').taskKind).toBe('classification');
    const regression = table('x,y\n1,0.5\n2,1.5\n3,2.25\n4,0.75\n');
    expect(chooseTarget(regression, profileColumns(regression), 'y').taskKind).toBe('regression');
  });

  it('lets the user override the task kind, and lists the labelled rows', () => {
    const choice = chooseTarget(data, profiles, 'age', 'classification');
    expect(choice).toMatchObject({ inferredTaskKind: 'classification', taskKind: 'classification', labelledRows: [0, 2, 3, 4] });
    expect(chooseTarget(data, profiles, 'score', 'regression').taskKind).toBe('regression');
  });

  it('refuses a target with one class, all missing, a missing column, or regression on text, naming the column', () => {
    const single = refusal(() => chooseTarget(data, profiles, 'country'));
    expect(single.problem).toBe('target');
    expect(single.message).toMatch(/the target column "country" has one class \("uk"\)/);
    const empty = table('a,b\n1,\n2,\n3,NA\n');
    expect(refusal(() => chooseTarget(empty, profileColumns(empty), 'b')).message).toBe('the target column "b" has no values: all 3 rows are missing');
    expect(refusal(() => chooseTarget(data, profiles, 'nope')).problem).toBe('no-column');
    expect(refusal(() => chooseTarget(data, profiles, 'colour', 'regression')).message).toMatch(/"colour" cannot be used for regression/);
  });
});

describe('checkRowsForFolds', () => {
  it('accepts enough rows and refuses too few, saying how many the folds need', () => {
    expect(minimumRowsForFolds(1)).toBe(4);
    expect(minimumRowsForFolds(5)).toBe(10);
    expect(() => checkRowsForFolds(10, 5)).not.toThrow();
    const error = refusal(() => checkRowsForFolds(7, 5));
    expect(error.problem).toBe('too-few-rows');
    expect(error.message).toMatch(/^the table has 7 labelled rows, but 5 folds need at least 10/);
    expect(refusal(() => checkRowsForFolds(3, 1)).message).toMatch(/a train\/validation split needs at least 4/);
    expect(refusal(() => checkRowsForFolds(10, 0)).message).toMatch(/whole number of at least 1/);
  });
});
