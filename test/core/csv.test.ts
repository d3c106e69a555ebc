import { describe, expect, it } from 'vitest';
import { CsvParser, detectDelimiter, formatCsvRow, splitFirstLine, type Delimiter } from '../../src/core/csv.js';
import { KassaError } from '../../src/core/errors.js';

/** A record as the tests write it: the line it starts on, then its fields. */
type Row = [number, ...string[]];

interface Outcome {
  rows: Row[];
  error?: { code: string; message: string; hint: string | undefined };
}

/** Parse `chunks` in order; collect records, and the error if one is thrown. */
function parseChunks(chunks: readonly string[], delimiter: Delimiter = ','): Outcome {
  const rows: Row[] = [];
  const onRecord = (fields: string[], line: number): void => {
    rows.push([line, ...fields]);
  };
  const parser = new CsvParser({ delimiter });
  try {
    for (const chunk of chunks) parser.push(chunk, onRecord);
    parser.end(onRecord);
  } catch (e) {
    if (!(e instanceof KassaError)) throw e;
    return { rows, error: { code: e.code, message: e.message, hint: e.hint } };
  }
  return { rows };
}

function parse(text: string, delimiter: Delimiter = ','): Row[] {
  const outcome = parseChunks([text], delimiter);
  if (outcome.error) throw new Error(outcome.error.message);
  return outcome.rows;
}

/** Every way to cut `text` in two, and the text fed one character at a time. */
function chunkings(text: string): string[][] {
  const out: string[][] = [];
  for (let i = 0; i <= text.length; i++) out.push([text.slice(0, i), text.slice(i)]);
  out.push([...text]);
  return out;
}

const AFTER_QUOTE_HINT = 'check the quoting of that field: a quote inside a quoted field is written as two quotes ""';
const NUL_HINT = 'the file may be UTF-16 or binary; pass --encoding utf-16le or check the file';

describe('CsvParser: records and line numbers', () => {
  const cases: Array<[name: string, input: string, rows: Row[]]> = [
    ['LF line ends', 'a,b\nc,d\n', [[1, 'a', 'b'], [2, 'c', 'd']]],
    ['CRLF line ends', 'a,b\r\nc,d\r\n', [[1, 'a', 'b'], [2, 'c', 'd']]],
    ['CR-only line ends (old Mac)', 'a,b\rc,d\r', [[1, 'a', 'b'], [2, 'c', 'd']]],
    ['mixed line ends', 'a\r\nb\nc\rd', [[1, 'a'], [2, 'b'], [3, 'c'], [4, 'd']]],
    ['no line end after the last record', 'a,b\nc,d', [[1, 'a', 'b'], [2, 'c', 'd']]],
    ['empty input', '', []],
    ['only line ends', '\n\r\n\r', []],
    ['empty lines are skipped but counted', '\n\na\n\n\nb\n\n', [[3, 'a'], [6, 'b']]],
    ['empty CRLF lines are skipped but counted', '\r\n\r\na\r\n\r\nb', [[3, 'a'], [5, 'b']]],
    ['empty CR lines are skipped but counted', '\r\ra\r\rb', [[3, 'a'], [5, 'b']]],
    ['a line of spaces is a record', ' \n  ,', [[1, ' '], [2, '  ', '']]],
    ['spaces are kept', ' a , b ', [[1, ' a ', ' b ']]],
    ['empty fields', ',,\na,,b', [[1, '', '', ''], [2, 'a', '', 'b']]],
    ['a delimiter at the end of the input adds an empty field', 'a,', [[1, 'a', '']]],
    ['ragged rows are kept as they are', 'a,b,c\n1\n1,2,3,4', [[1, 'a', 'b', 'c'], [2, '1'], [3, '1', '2', '3', '4']]],
    ['quoted field with the delimiter', '"a,b",c', [[1, 'a,b', 'c']]],
    ['escaped quotes', '"say ""hi""",x', [[1, 'say "hi"', 'x']]],
    ['a field of one escaped quote', '""""', [[1, '"']]],
    ['empty quoted fields', '"",""\n""', [[1, '', ''], [2, '']]],
    ['quoted field at the end of the input', 'a,"b"', [[1, 'a', 'b']]],
    ['quoted field before CRLF', '"a"\r\n"b"\r\n', [[1, 'a'], [2, 'b']]],
    ['quoted field before CR', '"a"\r"b"\r', [[1, 'a'], [2, 'b']]],
    ['quoted LF is kept and counted', '"x\ny",z\nnext', [[1, 'x\ny', 'z'], [3, 'next']]],
    ['quoted CRLF is kept and counted once', 'h\r\n"x\r\ny\r\n",z\r\nnext', [[1, 'h'], [2, 'x\r\ny\r\n', 'z'], [5, 'next']]],
    ['quoted CR is kept and counted', '"x\ry"\rnext', [[1, 'x\ry'], [3, 'next']]],
    ['quoted empty lines are kept', '"a\n\n\nb"\nc', [[1, 'a\n\n\nb'], [5, 'c']]],
    ['a quote inside an unquoted field is literal', 'tv,5" screen,x', [[1, 'tv', '5" screen', 'x']]],
    ['quotes in the middle of unquoted fields are literal', 'a"b"c,d"', [[1, 'a"b"c', 'd"']]],
    ['a quote after a space is literal', 'a, "b"', [[1, 'a', ' "b"']]],
    ['a leading byte order mark is ignored', '\uFEFFa,b\n1,2', [[1, 'a', 'b'], [2, '1', '2']]],
    ['a BOM later in the text is kept', 'a\n\uFEFFb', [[1, 'a'], [2, '\uFEFFb']]],
    ['non-ASCII text', 'Münster,€ 1,😀\n"ʤ, ok",x', [[1, 'Münster', '€ 1', '😀'], [2, 'ʤ, ok', 'x']]],
  ];

  it.each(cases)('%s', (_name, input, rows) => {
    expect(parse(input)).toEqual(rows);
  });

  it.each(cases)('%s: the same wherever the chunks end', (_name, input, rows) => {
    for (const chunks of chunkings(input)) {
      expect(parseChunks(chunks), JSON.stringify(chunks)).toEqual({ rows });
    }
  });

  it.each<[Delimiter, string, Row[]]>([
    [';', 'a;b,c;"d;e"\n1;2', [[1, 'a', 'b,c', 'd;e'], [2, '1', '2']]],
    ['\t', 'a\tb c\t"d\te"', [[1, 'a', 'b c', 'd\te']]],
    ['|', 'a|b,c|"d|e"', [[1, 'a', 'b,c', 'd|e']]],
  ])('delimiter %j: other candidates are ordinary characters', (delimiter, input, rows) => {
    expect(parse(input, delimiter)).toEqual(rows);
    for (const chunks of chunkings(input)) expect(parseChunks(chunks, delimiter)).toEqual({ rows });
  });

  it('gives every record its own array', () => {
    const seen: string[][] = [];
    const parser = new CsvParser({ delimiter: ',' });
    const keep = (fields: string[]): void => {
      seen.push(fields);
    };
    parser.push('a,b\n"c",d\ne', keep);
    parser.push(',f\n', keep);
    parser.end(keep);
    expect(seen).toEqual([['a', 'b'], ['c', 'd'], ['e', 'f']]);
    expect(new Set(seen).size).toBe(3);
  });

  it('keeps a long quoted field that spans many chunks', () => {
    const value = 'x"y\n'.repeat(10_000);
    const input = `a,"${value.replaceAll('"', '""')}",b\nnext`;
    const chunks: string[] = [];
    for (let i = 0; i < input.length; i += 1000) chunks.push(input.slice(i, i + 1000));
    expect(parseChunks(chunks)).toEqual({ rows: [[1, 'a', value, 'b'], [10_002, 'next']] });
  });

  it('keeps a long unquoted field that spans many chunks', () => {
    const value = 'x'.repeat(100_000);
    const chunks = ['a,', ...value.match(/.{1,1000}/g)!, '\r', '\nb'];
    expect(parseChunks(chunks)).toEqual({ rows: [[1, 'a', value], [2, 'b']] });
  });

  it('keeps a long unquoted line that spans many chunks', () => {
    const fields = Array.from({ length: 20_000 }, (_, i) => `f${i}`);
    const input = `${fields.join(',')}\nnext`;
    const chunks: string[] = [];
    for (let i = 0; i < input.length; i += 777) chunks.push(input.slice(i, i + 777));
    expect(parseChunks(chunks)).toEqual({ rows: [[1, ...fields], [2, 'next']] });
  });
});

describe('CsvParser: malformed input', () => {
  const cases: Array<[name: string, input: string, rows: Row[], message: string, hint: string]> = [
    [
      'a character after a closing quote',
      'a,"b"x,c',
      [],
      'line 1, column 2: unexpected character after a closing quote',
      AFTER_QUOTE_HINT,
    ],
    [
      'a space after a closing quote',
      'h\n"b" ,c',
      [[1, 'h']],
      'line 2, column 1: unexpected character after a closing quote',
      AFTER_QUOTE_HINT,
    ],
    [
      'a quote inside a quoted field that is not doubled',
      'name,size\nTV,"5" screen"',
      [[1, 'name', 'size']],
      'line 2, column 2: unexpected character after a closing quote',
      AFTER_QUOTE_HINT,
    ],
    [
      'a character after a quoted field with line ends names the line of the character',
      'h\r\nx,"a\r\nb"c',
      [[1, 'h']],
      'line 3, column 2: unexpected character after a closing quote',
      AFTER_QUOTE_HINT,
    ],
    [
      'an unterminated quote names the line where the field starts',
      'a,b\n1,"2\n3,4\n',
      [[1, 'a', 'b']],
      'line 2: a quoted field is never closed',
      'a field that starts with a quote must end with one; a quote inside it is written as two quotes ""',
    ],
    [
      'an unterminated quote after empty lines',
      'a\n\n\r\n"',
      [[1, 'a']],
      'line 4: a quoted field is never closed',
      'a field that starts with a quote must end with one; a quote inside it is written as two quotes ""',
    ],
    ['a NUL character', 'a,b,c\n\0,2,3\n', [[1, 'a', 'b', 'c']], 'line 2: NUL character', NUL_HINT],
    ['a NUL character after CRLF and CR lines', 'a\r\nb\r\r\nc\0', [[1, 'a'], [2, 'b']], 'line 4: NUL character', NUL_HINT],
    ['a NUL character right after a CR', 'a\r\0', [[1, 'a']], 'line 2: NUL character', NUL_HINT],
    ['a NUL character inside a quoted field', 'a\n"x\ny\0"', [[1, 'a']], 'line 3: NUL character', NUL_HINT],
    ['a NUL character in UTF-16 read as UTF-8', 'a\0,\0b\0', [], 'line 1: NUL character', NUL_HINT],
  ];

  it.each(cases)('%s', (_name, input, rows, message, hint) => {
    expect(parseChunks([input])).toEqual({ rows, error: { code: 'CSV_MALFORMED', message, hint } });
  });

  it.each(cases)('%s: the same wherever the chunks end', (_name, input, rows, message, hint) => {
    for (const chunks of chunkings(input)) {
      expect(parseChunks(chunks), JSON.stringify(chunks)).toEqual({
        rows,
        error: { code: 'CSV_MALFORMED', message, hint },
      });
    }
  });

  it('throws a KassaError', () => {
    const parser = new CsvParser({ delimiter: ',' });
    expect(() => parser.push('"a"b', () => undefined)).toThrow(KassaError);
  });
});

/**
 * An obviously correct parser, one character at a time, to compare the fast
 * one against on random input (line numbers included, which csv-parse does
 * not report the same way).
 */
function referenceParse(text: string, delimiter: string): Outcome {
  const rows: Row[] = [];
  const fail = (message: string, hint: string): Outcome => ({ rows, error: { code: 'CSV_MALFORMED', message, hint } });
  let line = 1;
  let recordLine = 1;
  let quoteLine = 0;
  let fields: string[] = [];
  let field = '';
  let state: 'fieldStart' | 'unquoted' | 'quoted' | 'afterQuote' = 'fieldStart';
  const endLine = (at: number): number => {
    if (state === 'fieldStart' && fields.length === 0) {
      // empty line
    } else {
      rows.push([recordLine, ...fields, field]);
    }
    fields = [];
    field = '';
    state = 'fieldStart';
    line++;
    recordLine = line;
    return text[at] === '\r' && text[at + 1] === '\n' ? at + 1 : at;
  };
  if (text.startsWith('\uFEFF')) text = text.slice(1);
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === '\0') return fail(`line ${line}: NUL character`, NUL_HINT);
    if (state === 'quoted') {
      if (c === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i++;
        } else {
          state = 'afterQuote';
        }
      } else {
        field += c;
        if (c === '\n' || (c === '\r' && text[i + 1] !== '\n')) line++;
      }
    } else if (state === 'afterQuote') {
      if (c === delimiter) {
        fields.push(field);
        field = '';
        state = 'fieldStart';
      } else if (c === '\n' || c === '\r') {
        i = endLine(i);
      } else {
        return fail(
          `line ${line}, column ${fields.length + 1}: unexpected character after a closing quote`,
          AFTER_QUOTE_HINT,
        );
      }
    } else if (state === 'fieldStart' && c === '"') {
      state = 'quoted';
      quoteLine = line;
    } else if (c === delimiter) {
      fields.push(field);
      field = '';
      state = 'fieldStart';
    } else if (c === '\n' || c === '\r') {
      i = endLine(i);
    } else {
      field += c;
      state = 'unquoted';
    }
  }
  if (state === 'quoted') {
    return fail(
      `line ${quoteLine}: a quoted field is never closed`,
      'a field that starts with a quote must end with one; a quote inside it is written as two quotes ""',
    );
  }
  if (!(state === 'fieldStart' && fields.length === 0)) rows.push([recordLine, ...fields, field]);
  return { rows };
}

/** Small deterministic PRNG (mulberry32) so a failure can be replayed. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('CsvParser against a character-by-character reference', () => {
  const alphabet = ['a', 'b', 'é', ',', ';', '"', '"', '""', '\n', '\r', '\r\n', ' ', '"a"', ',"', '",'];

  it('agrees on 5,000 random texts, fed whole and in random chunks', () => {
    const next = random(20_240_601);
    for (let n = 0; n < 5000; n++) {
      let text = '';
      const parts = Math.floor(next() * 24);
      for (let i = 0; i < parts; i++) text += alphabet[Math.floor(next() * alphabet.length)];
      if (next() < 0.03) text += '\0';
      if (next() < 0.03) text = `\uFEFF${text}`;
      const expected = referenceParse(text, ',');
      expect(parseChunks([text]), JSON.stringify(text)).toEqual(expected);
      const chunks: string[] = [];
      for (let at = 0; at < text.length; ) {
        const size = 1 + Math.floor(next() * 4);
        chunks.push(text.slice(at, at + size));
        at += size;
      }
      expect(parseChunks(chunks), JSON.stringify(chunks)).toEqual(expected);
    }
  });
});

describe('detectDelimiter', () => {
  it.each<[string, Delimiter]>([
    ['sku,name,price', ','],
    ['ordernumber;price;pricegroup', ';'],
    ['code\tproduct_name\tbrands', '\t'],
    ['a|b|c', '|'],
    ['"a;b;c",d,e', ','],
    ['"price; incl. VAT";"name, short";x', ';'],
    ['single', ','],
    ['', ','],
    ['a;b,c', ','],
    ['a;b|c', ','],
    ['a;b;c|d|e|f', '|'],
  ])('%j → %j', (header, delimiter) => {
    expect(detectDelimiter(header)).toBe(delimiter);
  });
});

describe('splitFirstLine', () => {
  it.each<[string, string]>([
    ['a,b\nc,d', 'a,b'],
    ['a;b\r\nc', 'a;b'],
    ['a|b\rc', 'a|b'],
    ['"multi\nline",x;y\nnext', '"multi\nline",x;y'],
    ['no line end', 'no line end'],
    ['\uFEFFa,b\n', 'a,b'],
    ['\n\r\nh1;h2\n', 'h1;h2'],
    ['', ''],
  ])('%j → %j', (text, first) => {
    expect(splitFirstLine(text)).toBe(first);
  });

  it('lets detectDelimiter see through quoted line ends', () => {
    expect(detectDelimiter(splitFirstLine('"a\nb,c,d";e;f\n1;2;3'))).toBe(';');
  });
});

describe('formatCsvRow', () => {
  it.each<[string[], Delimiter, string]>([
    [['a', 'b', 'c'], ',', 'a,b,c'],
    [['a,b', 'c'], ',', '"a,b",c'],
    [['a,b', 'c'], ';', 'a,b;c'],
    [['a;b'], ';', '"a;b"'],
    [['tab\there'], '\t', '"tab\there"'],
    [['x|y'], '|', '"x|y"'],
    [['5" screen'], ',', '"5"" screen"'],
    [['two\nlines', 'cr\r'], ',', '"two\nlines","cr\r"'],
    [[' lead', 'trail ', 'in side'], ',', '" lead","trail ",in side'],
    [['', 'x', ''], ',', ',x,'],
    [[''], ',', '""'],
    [[], ',', ''],
  ])('%j with %j → %j', (fields, delimiter, row) => {
    expect(formatCsvRow(fields, delimiter)).toBe(row);
  });

  it('reads back to the same fields', () => {
    const rows = [
      ['plain', '5" screen', 'a,b', 'a;b', ' x ', ''],
      ['line\nend', 'crlf\r\nend', 'cr\rend', '"', '""'],
      [''],
      ['', ''],
    ];
    for (const delimiter of [',', ';', '\t', '|'] as const) {
      const text = rows.map((r) => formatCsvRow(r, delimiter)).join('\r\n');
      expect(parse(text, delimiter).map((r) => r.slice(1))).toEqual(rows);
    }
  });
});
