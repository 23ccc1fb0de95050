import { describe, expect, it } from 'vitest';
import { decodeHead, decodeText, readCsvRecords, sniffSeparator, splitCsvLine, splitLines } from './text.js';

const encoder = new TextEncoder();

function utf16(text: string, littleEndian: boolean): Uint8Array {
  const bytes = new Uint8Array(text.length * 2);
  const view = new DataView(bytes.buffer);
  for (let index = 0; index < text.length; index += 1)
    view.setUint16(index * 2, text.charCodeAt(index), littleEndian);
  return bytes;
}

describe('decodeText', () => {
  it('strips a UTF-8 byte order mark', () => {
    const decoded = decodeText(Uint8Array.of(0xef, 0xbb, 0xbf, ...encoder.encode('Énergie;kWh')));
    expect(decoded).toEqual({ ok: true, text: 'Énergie;kWh', encoding: 'utf-8', hadByteOrderMark: true });
  });

  it('reads UTF-16 with either byte order mark', () => {
    expect(decodeText(utf16('\uFEFFDate\tÉté', true))).toMatchObject({
      text: 'Date\tÉté',
      encoding: 'utf-16le',
    });
    expect(decodeText(utf16('\uFEFFDate\tÉté', false))).toMatchObject({
      text: 'Date\tÉté',
      encoding: 'utf-16be',
    });
  });

  it('recognises UTF-16 LE without a mark', () => {
    expect(decodeText(utf16('Date;Heure;Valeur\r\n', true))).toMatchObject({
      text: 'Date;Heure;Valeur\r\n',
      encoding: 'utf-16le',
    });
  });

  it('falls back to Windows-1252 for invalid UTF-8', () => {
    // 0xE9 is é, 0x80 is € and 0x92 is ’ in Windows-1252; none is valid UTF-8 on its own.
    const decoded = decodeText(Uint8Array.of(0x45, 0x74, 0xe9, 0x20, 0x80, 0x92));
    expect(decoded).toEqual({ ok: true, text: 'Eté €’', encoding: 'windows-1252', hadByteOrderMark: false });
  });

  it('refuses a forced UTF-8 that does not decode', () => {
    const decoded = decodeText(Uint8Array.of(0x45, 0xe9), 'utf-8');
    expect(decoded).toEqual({ ok: false, reason: expect.stringContaining('« windows-1252 »') });
    expect(decodeText(Uint8Array.of(0x45, 0xe9), 'windows-1252')).toMatchObject({ ok: true, text: 'Eé' });
  });

  it('keeps UTF-8 when the head cuts a character', () => {
    const bytes = encoder.encode('Température');
    // The slice ends inside the two bytes of é.
    expect(decodeHead(bytes.subarray(0, 5))).toBe('Temp');
  });
});

describe('splitLines', () => {
  it('numbers physical lines across line break styles', () => {
    expect(splitLines('a\r\nb\nc\rd\n')).toEqual([
      { line: 1, text: 'a' },
      { line: 2, text: 'b' },
      { line: 3, text: 'c' },
      { line: 4, text: 'd' },
    ]);
    expect(splitLines('a\n\nb')).toEqual([
      { line: 1, text: 'a' },
      { line: 2, text: '' },
      { line: 3, text: 'b' },
    ]);
    expect(splitLines('')).toEqual([]);
  });
});

describe('splitCsvLine', () => {
  it('handles quotes and doubled quotes', () => {
    expect(splitCsvLine('Selection,:  ACB07.,1610.DD7140:AU,"X TEMP AI5,"', ',')).toEqual({
      fields: ['Selection', ':  ACB07.', '1610.DD7140:AU', 'X TEMP AI5,'],
      openQuote: false,
    });
    expect(splitCsvLine('"a ""b""";c;', ';')).toEqual({ fields: ['a "b"', 'c', ''], openQuote: false });
    expect(splitCsvLine('12"5;"open', ';')).toEqual({ fields: ['12"5', 'open'], openQuote: true });
  });
});

describe('readCsvRecords', () => {
  it('keeps the starting line of a multi-line field', () => {
    const records = readCsvRecords('h1;h2\n"two\nlines";x\nlast;y\n', ';');
    expect(records.map((record) => [record.line, record.fields])).toEqual([
      [1, ['h1', 'h2']],
      [2, ['two\nlines', 'x']],
      [4, ['last', 'y']],
    ]);
  });

  it('reads a stray quote on its own line', () => {
    const records = readCsvRecords('a;"b\nc;d\n', ';');
    expect(records.map((record) => [record.line, record.fields])).toEqual([
      [1, ['a', 'b']],
      [2, ['c', 'd']],
    ]);
  });
});

describe('sniffSeparator', () => {
  it('prefers semicolons over decimal commas', () => {
    expect(sniffSeparator(['Date;Valeur', '01/01/2024 00:00;12,5', '01/01/2024 00:10;13,25'])).toBe(';');
  });

  it('finds commas and tabs', () => {
    expect(sniffSeparator(['<>Date,Time,A,B', '6/15/2022,0:00:00,73.5,NO'])).toBe(',');
    expect(sniffSeparator(['Date\tValeur', '2024-01-01\t1,5'])).toBe('\t');
    expect(sniffSeparator(['une seule colonne'])).toBeNull();
  });
});
