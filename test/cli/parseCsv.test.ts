import { describe, expect, it } from 'vitest';
import { parseCsv } from '../../src/cli/parseCsv';

describe('parseCsv (RFC 4180)', () => {
  it('reads quoted fields with commas, quotes and line breaks, CRLF and a BOM', () => {
    const text = '\uFEFFid,email,groups\r\n"a,1","x""y@z",G1;G2\n"b\nc",,\n';
    expect(parseCsv(text)).toEqual([
      ['id', 'email', 'groups'],
      ['a,1', 'x"y@z', 'G1;G2'],
      ['b\nc', '', ''],
    ]);
  });
  it('keeps a last record without a line break', () => {
    expect(parseCsv('id\nbob')).toEqual([['id'], ['bob']]);
  });
});
