/**
 * What data preparation added to ../table: the size check made before a file is read, encoding
 * into a given (shared) array, the numeric scales refitted per fold on one layout, and the
 * missing-cell test's shortcut for long cells.
 */
import { describe, expect, it } from 'vitest';
import { checkTableSize, chooseTarget, encodeTable, fitPreprocessing, isMissing, parseTable, profileColumns, refitNumericScales, TableError } from '../../../src/training/table';
import { thrownBy } from '../../thrown';

const table = parseTable(new TextEncoder().encode('x,colour,y\n1,red,a\n2,blue,b\n3,red,a\n5,,b\n'));
const profiles = profileColumns(table);
const target = chooseTarget(table, profiles, 'y');

describe('checkTableSize', () => {
  it('refuses a file over the limit, saying the limit', () => {
    expect(() => checkTableSize(2048, 2048)).not.toThrow();
    const error = thrownBy(TableError, () => checkTableSize(2049, 2048));
    expect(error.problem).toBe('too-large');
    expect(error.message).toBe('the file is 2049 bytes, over the 2 kB limit for a table');
    expect(thrownBy(TableError, () => checkTableSize(3 * 1024 * 1024, 2 * 1024 * 1024)).message).toBe('the file is 3 MB, over the 2 MB limit for a table');
  });
});

describe('encodeTable into a given array', () => {
  it('writes the features there and returns them, refusing an array of the wrong length', () => {
    const preprocessing = fitPreprocessing(table, profiles, target, [0, 1, 2, 3]);
    const into = new Float32Array(new SharedArrayBuffer(4 * 4 * preprocessing.featureCount));
    const encoded = encodeTable(preprocessing, table, [0, 1, 2, 3], into);
    expect(encoded.features).toBe(into);
    expect(Array.from(into)).toEqual(Array.from(encodeTable(preprocessing, table, [0, 1, 2, 3]).features));
    expect(() => encodeTable(preprocessing, table, [0, 1], into)).toThrow(RangeError);
  });
});

describe('refitNumericScales', () => {
  it('keeps the layout and refits μ and σ on other training rows', () => {
    const layout = fitPreprocessing(table, profiles, target, [0, 1]);
    const refitted = refitNumericScales(layout, table, [2, 3]);
    expect(refitted.featureCount).toBe(layout.featureCount);
    expect(refitted.features[1]).toEqual(layout.features[1]);
    expect(refitted.features[0]).toMatchObject({ kind: 'numeric', column: 'x', offset: 0, mean: 4, std: 1 });
  });

  it('keeps σ = 1 where the rows hold one value or none', () => {
    const layout = fitPreprocessing(table, profiles, target, [0, 1]);
    expect(refitNumericScales(layout, table, [2]).features[0]).toMatchObject({ mean: 3, std: 1 });
  });
});

describe('isMissing', () => {
  it('reads padded and unpadded tokens alike, and long cells as present', () => {
    for (const cell of ['', '  ', 'NA', ' null ', '\u00a0None\u00a0', '\tNaN\n', '?']) expect(isMissing(cell), JSON.stringify(cell)).toBe(true);
    for (const cell of ['nulls', 'none!', ' value ', 'N/A/B', '12345']) expect(isMissing(cell), JSON.stringify(cell)).toBe(false);
  });
});
