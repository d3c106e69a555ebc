// Parse time of Kassa's CSV parser against csv-parse on the same file.
//
//   npx tsc -p tsconfig.build.json
//   node bench/csv-parse-compare.mjs [FILE] [--runs N]   (FILE defaults to the one `npm run bench` generates)
//
// Both parsers get the same UTF-8 text, decoded from 1 MiB reads, and only
// count records and fields, so the numbers are parse time plus file reading.
// The last line is what `kassa products import` does before mapping rows:
// openDecoded (detection, its own read size) feeding the parser.
import { openSync, readSync, closeSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { parse } from 'csv-parse';
import { CsvParser } from '../dist/core/csv.js';
import { openDecoded } from '../dist/services/import/decode.js';

const args = process.argv.slice(2);
const runsAt = args.indexOf('--runs');
const runs = runsAt === -1 ? 3 : Number(args[runsAt + 1]);
const file = args.find((a, i) => !a.startsWith('--') && i !== runsAt + 1) ?? 'bench/out/catalogue-1000000.csv';
const CHUNK = 1 << 20;

function* textChunks(path) {
  const fd = openSync(path, 'r');
  const buf = Buffer.allocUnsafe(CHUNK);
  const decoder = new TextDecoder('utf-8');
  try {
    for (;;) {
      const n = readSync(fd, buf, 0, CHUNK, null);
      if (n === 0) break;
      yield decoder.decode(buf.subarray(0, n), { stream: true });
    }
    const rest = decoder.decode();
    if (rest) yield rest;
  } finally {
    closeSync(fd);
  }
}

function readOnly() {
  let chars = 0;
  for (const chunk of textChunks(file)) chars += chunk.length;
  return { chars };
}

function kassa() {
  const parser = new CsvParser({ delimiter: ',' });
  let records = 0;
  let fields = 0;
  const onRecord = (f) => {
    records++;
    fields += f.length;
  };
  for (const chunk of textChunks(file)) parser.push(chunk, onRecord);
  parser.end(onRecord);
  return { records, fields };
}

async function kassaStreamed() {
  const source = await openDecoded(file);
  const parser = new CsvParser({ delimiter: ',' });
  let records = 0;
  let fields = 0;
  const onRecord = (f) => {
    records++;
    fields += f.length;
  };
  for await (const chunk of source.chunks) parser.push(chunk, onRecord);
  parser.end(onRecord);
  return { records, fields };
}

function csvParse() {
  return new Promise((resolve, reject) => {
    let records = 0;
    let fields = 0;
    const parser = parse({ delimiter: ',', relax_column_count: true, skip_empty_lines: true, bom: true });
    parser.on('readable', () => {
      let r;
      while ((r = parser.read()) !== null) {
        records++;
        fields += r.length;
      }
    });
    parser.on('error', reject);
    parser.on('end', () => resolve({ records, fields }));
    for (const chunk of textChunks(file)) parser.write(chunk);
    parser.end();
  });
}

async function time(name, fn) {
  const times = [];
  let result;
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    result = await fn();
    times.push(performance.now() - t0);
  }
  const best = Math.min(...times);
  console.log(
    `${name.padEnd(22)} best ${(best / 1000).toFixed(3)} s  (runs: ${times.map((t) => (t / 1000).toFixed(3)).join(', ')})  ${JSON.stringify(result)}`,
  );
  return best;
}

console.log(`${file}, ${runs} runs each, node ${process.version}`);
const read = await time('read + decode only', readOnly);
const ours = await time('kassa CsvParser', kassa);
const theirs = await time('csv-parse (stream)', csvParse);
await time('openDecoded + kassa', kassaStreamed);
console.log(
  `parse only (minus read + decode): kassa ${((ours - read) / 1000).toFixed(3)} s, csv-parse ${((theirs - read) / 1000).toFixed(3)} s; kassa is ${(theirs / ours).toFixed(1)}x faster overall`,
);
