import { describe, expect, it } from 'vitest';
import { MAX_TABLE_BYTES, TableError, firstInvalidUtf8Offset, parseTable } from '../../../src/training/table';
import { thrownBy } from '../../thrown';

const bytes = (text: string): Uint8Array => new TextEncoder().encode(text);

const refusal = (run: () => unknown): TableError => thrownBy(TableError, run);

describe('parseTable', () => {
  it('reads a CSV with a header into named columns and text cells', () => {
    const table = parseTable(bytes('a,b,c\n1,x,2.5\n2,y,3\n'));
    expect(table.columns).toEqual(['a', 'b', 'c']);
    expect(table.rows).toEqual([
      ['1', 'x', '2.5'],
      ['2', 'y', '3'],
    ]);
    expect(table.delimiter).toBe(',');
  });

  it('keeps quoted fields whole: commas, doubled quotes and newlines inside quotes', () => {
    const table = parseTable(bytes('name,note,n\n"Smith, J","said ""hi""\nthen left",1\nLee,plain,2\n'));
    expect(table.rows[0]).toEqual(['Smith, J', 'said "hi"\nthen left', '1']);
    expect(table.rows[1]).toEqual(['Lee', 'plain', '2']);
  });

  it('detects a tab delimiter (TSV), and takes one given', () => {
    const table = parseTable(bytes('x\ty\n1\ta,b\n2\tc\n'));
    expect(table.delimiter).toBe('\t');
    expect(table.rows[0]).toEqual(['1', 'a,b']);
    expect(parseTable(bytes('x;y\n1;2\n'), { delimiter: ';' }).columns).toEqual(['x', 'y']);
  });

  it('strips a UTF-8 byte-order mark and handles CRLF line ends and blank lines', () => {
    const table = parseTable(new Uint8Array([0xef, 0xbb, 0xbf, ...bytes('id,v\r\n1,2\r\n\r\n2,3\r\n')]));
    expect(table.columns).toEqual(['id', 'v']);
    expect(table.rows).toEqual([
      ['1', '2'],
      ['2', '3'],
    ]);
  });

  it('accepts an ArrayBuffer', () => {
    const data = bytes('a,b\n1,2\n');
    const buffer = data.buffer.slice(data.byteOffset, data.byteOffset + data.byteLength) as ArrayBuffer;
    expect(parseTable(buffer).rows).toEqual([['1', '2']]);
  });

  it('refuses an empty file, and one with a header but no rows', () => {
    expect(refusal(() => parseTable(bytes(''))).problem).toBe('empty');
    expect(refusal(() => parseTable(bytes('  \n\n'))).message).toMatch(/the file is empty/);
    const headerOnly = refusal(() => parseTable(bytes('a,b\n')));
    expect(headerOnly.problem).toBe('empty');
    expect(headerOnly.message).toMatch(/no data rows/);
  });

  it('refuses a ragged row, naming its line as an editor numbers it', () => {
    const error = refusal(() => parseTable(bytes('a,b\n1,"x\ny"\n\n3,4,5\n')));
    expect(error.problem).toBe('ragged');
    // line 1 header, lines 2–3 the quoted row, line 4 blank, line 5 the ragged row
    expect(error.message).toMatch(/^line 5 has 3 fields but the header has 2/);
    expect(refusal(() => parseTable(bytes('a,b\n1\n'))).message).toMatch(/^line 2 has 1 field but/);
  });

  it('refuses a quote that is never closed, naming its line', () => {
    const error = refusal(() => parseTable(bytes('a,b\n1,2\n3,"open\n')));
    expect(error.problem).toBe('bad-quotes');
    expect(error.message).toMatch(/line 3 opens a quoted value/);
  });

  it('refuses a file with no header row, saying why', () => {
    const numeric = refusal(() => parseTable(bytes('1,2\n3,4\n')));
    expect(numeric.problem).toBe('no-header');
    expect(numeric.message).toMatch(/^no header row: .*"1" is a number/);
    expect(refusal(() => parseTable(bytes('a,,c\n1,2,3\n'))).message).toMatch(/^no header row: .*column 2 has no name/);
    expect(refusal(() => parseTable(bytes('a,a\n1,2\n'))).message).toMatch(/^no header row: .*the name "a" is used twice/);
    expect(refusal(() => parseTable(bytes('red,big\nblue,small\nred,big\n'))).message).toMatch(/^no header row: .*"red" also appears below it/);
  });

  it('takes a first row of names over categorical data when the names do not recur', () => {
    expect(parseTable(bytes('colour,size\nred,big\nblue,small\n')).columns).toEqual(['colour', 'size']);
  });

  it('refuses a file that is not UTF-8, with the byte offset', () => {
    const latin1 = new Uint8Array([...bytes('name,v\ncaf'), 0xe9, ...bytes(',1\n')]);
    const error = refusal(() => parseTable(latin1));
    expect(error.problem).toBe('not-utf8');
    expect(error.message).toMatch(/byte 10 \(0xe9\)/);
    expect(firstInvalidUtf8Offset(bytes('héllo ✓ 𝄞'))).toBe(bytes('héllo ✓ 𝄞').length);
    expect(firstInvalidUtf8Offset(new Uint8Array([0x41, 0xc0, 0x80]))).toBe(1);
    expect(firstInvalidUtf8Offset(new Uint8Array([0x41, 0xe2, 0x82]))).toBe(1);
  });

  it('refuses a file over the size limit, saying the limit and the size', () => {
    expect(MAX_TABLE_BYTES).toBe(50 * 1024 * 1024);
    const error = refusal(() => parseTable(bytes('a,b\n1,2\n3,4\n'), { maxBytes: 8 }));
    expect(error.problem).toBe('too-large');
    expect(error.message).toBe('the file is 12 bytes, over the 8 bytes limit for a table');
    const big = new Uint8Array(MAX_TABLE_BYTES + 512 * 1024);
    expect(refusal(() => parseTable(big)).message).toBe('the file is 50.5 MB, over the 50 MB limit for a table');
  });
});
