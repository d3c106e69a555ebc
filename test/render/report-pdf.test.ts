/**
 * The PDFs read back the way a person reads them: poppler's pdftotext for the
 * words, pdftotext -bbox for where they stand, pdftoppm for the picture (and
 * its pixels for the bars). CI installs poppler-utils (.ci/run).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { dayReportPdf, salesReportPdf, type ReportPdfOptions } from '../../src/render/report-pdf.js';
import { BUSIEST_HOUR, STORE, TIME_ZONE, emptyZ, salesByDay, salesByProduct, salesYearByDay, xReport, zReport } from './report-fixture.js';

const NOW = new Date('2026-11-27T20:05:00Z'); // 21:05 in Amsterdam
const NL: ReportPdfOptions = { lang: 'nl', locale: 'nl-NL', store: STORE, now: NOW, timeZone: TIME_ZONE };
const EN: ReportPdfOptions = { ...NL, lang: 'en', locale: 'en-GB' };

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'kassa-report-pdf-'));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

function save(pdf: Buffer, name = 'report.pdf'): string {
  const file = join(dir, name);
  writeFileSync(file, pdf);
  return file;
}

function text(file: string, page?: number): string {
  const range = page === undefined ? [] : ['-f', String(page), '-l', String(page)];
  return execFileSync('pdftotext', ['-layout', ...range, file, '-'], { encoding: 'utf8' });
}

function info(file: string): Record<string, string> {
  const out = execFileSync('pdfinfo', [file], { encoding: 'utf8' });
  return Object.fromEntries(out.split('\n').filter((l) => l.includes(':')).map((l) => [l.slice(0, l.indexOf(':')), l.slice(l.indexOf(':') + 1).trim()]));
}

interface Word {
  text: string;
  xMin: number;
  xMax: number;
  yMin: number;
}

/** Every word on page 1 with its box, in points. */
function words(file: string): Word[] {
  const html = execFileSync('pdftotext', ['-bbox', '-f', '1', '-l', '1', file, '-'], { encoding: 'utf8' });
  return [...html.matchAll(/<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="[\d.]+">([^<]*)<\/word>/g)].map((m) => ({
    xMin: Number(m[1]),
    yMin: Number(m[2]),
    xMax: Number(m[3]),
    text: m[4]!.replaceAll('&amp;', '&'),
  }));
}

/** Page 1 as RGB pixels (pdftoppm's PPM: a short header, then the bytes). */
function pixels(file: string, dpi: number): { width: number; height: number; rgb: Buffer } {
  execFileSync('pdftoppm', ['-r', String(dpi), '-f', '1', '-l', '1', file, join(dir, 'page')]);
  const ppm = readFileSync(join(dir, readdirSync(dir).find((f) => f.startsWith('page') && f.endsWith('.ppm'))!));
  const header = /^P6\s+(\d+)\s+(\d+)\s+255\s/.exec(ppm.subarray(0, 40).toString('latin1'));
  expect(header).not.toBeNull();
  return { width: Number(header![1]), height: Number(header![2]), rgb: ppm.subarray(header![0].length) };
}

/** The bars of the chart, left to right, as their heights in pixels: runs of columns with bar-blue pixels. */
function barHeights(file: string): number[] {
  const { width, height, rgb } = pixels(file, 72);
  const perColumn: number[] = [];
  for (let x = 0; x < width; x++) {
    let n = 0;
    for (let y = 0; y < height; y++) {
      const i = (y * width + x) * 3;
      // The bars' blue (#3b6ea5); nothing else on the page is that colour.
      if (Math.abs(rgb[i]! - 0x3b) < 20 && Math.abs(rgb[i + 1]! - 0x6e) < 20 && Math.abs(rgb[i + 2]! - 0xa5) < 20) n++;
    }
    perColumn.push(n);
  }
  const bars: number[] = [];
  let current = 0;
  for (const n of [...perColumn, 0]) {
    if (n > 0) current = Math.max(current, n);
    else if (current > 0) {
      bars.push(current);
      current = 0;
    }
  }
  return bars;
}

describe('the X/Z report as PDF', () => {
  it('is an A4 page with the store, the title, the totals and every VAT rate', async () => {
    const file = save(await dayReportPdf(zReport(), NL));
    const page = info(file);
    expect(page.Pages).toBe('1');
    expect(page['Page size']).toMatch(/^595\.2\d? x 841\.8\d? pts \(A4\)/);
    const t = text(file);
    for (const s of [STORE.name, 'Dorpsstraat 12', '6711 AB Ede', `BTW-nummer ${STORE.vatNumber}`, 'Z-rapport 42', 'Kassa 1', 'Dag 27-11-2026, 06:58 - 21:04', 'Afgedrukt 27-11-2026 21:05']) {
      expect(t).toContain(s);
    }
    expect(t).toMatch(/Omzet netto\s+6\.252,35/);
    expect(t).toMatch(/Verkopen voor korting\s+6\.412,80/);
    expect(t).toMatch(/Kas verwacht\s+2\.431,05/);
    expect(t).toMatch(/Verschil\s+-1,05/);
    expect(t).toMatch(/9%\s+3\.977,81\s+358,00\s+4\.335,81/);
    expect(t).toMatch(/21%\s+1\.583,92\s+332,62\s+1\.916,54/);
    expect(t).toMatch(/Totaal\s+5\.561,73\s+690,62\s+6\.252,35/);
    expect(t).toMatch(/Contant\s+141x\s+2\.301,05/);
    expect(t).toMatch(/Afronding\s+-0,40/);
    expect(t).toMatch(/Eindtotaal verkopen \(cumulatief\)\s+1\.284\.112,50/);
    expect(t).toMatch(/Anna\s+128\s+2\.543,10/);
    expect(t).toMatch(/Oude kaas\s+18,45\s+239,67/);
    // The euro sign survives the standard fonts (the chart's axis).
    expect(t).toMatch(/€ 800/);
    expect(t).toContain('Pagina 1 van 1');
  });

  it('right-aligns the numbers of a table in one column', async () => {
    const file = save(await dayReportPdf(zReport(), NL));
    const all = words(file);
    const right = (s: string): number => {
      const found = all.filter((w) => w.text === s);
      expect(found.length, s).toBeGreaterThan(0);
      return found[0]!.xMax;
    };
    // Turnover: counts and amounts end at one edge.
    const edge = right('6.252,35');
    for (const s of ['315', '6.412,80', '-112,35', '6.300,45', '-48,10']) expect(Math.abs(right(s) - edge), s).toBeLessThan(0.6);
    // VAT: each column's figures end under its head.
    for (const [head, cells] of [
      ['Excl.', ['3.977,81', '1.583,92', '5.561,73']],
      ['Incl.', ['4.335,81', '1.916,54']],
    ] as const) {
      for (const c of cells) expect(Math.abs(right(c) - right(head)), c).toBeLessThan(0.6);
    }
  });

  it('draws the sales per hour as bars, the busiest hour the tallest, heights in proportion', async () => {
    const r = zReport();
    const file = save(await dayReportPdf(r, NL));
    const bars = barHeights(file);
    expect(bars).toHaveLength(r.byHour.length);
    const tallest = Math.max(...bars);
    expect(r.byHour[bars.indexOf(tallest)]!.hour).toBe(BUSIEST_HOUR);
    const max = Math.max(...r.byHour.map((h) => h.grossCents));
    r.byHour.forEach((h, i) => expect(Math.abs(bars[i]! - (h.grossCents / max) * tallest), `hour ${h.hour}`).toBeLessThanOrEqual(2));
    // Each bar carries its amount and its hour.
    const t = text(file);
    expect(t).toContain('712,40');
    expect(t).toMatch(/06\s+07\s+08\s+09\s+10\s+11\s+12\s+13/);
  });

  it('renders to a picture without errors', async () => {
    const file = save(await dayReportPdf(zReport(), NL));
    execFileSync('pdftoppm', ['-png', '-r', '50', file, join(dir, 'shot')], { stdio: ['ignore', 'ignore', 'pipe'] });
    const png = readFileSync(join(dir, 'shot-1.png'));
    expect(png.subarray(1, 4).toString('latin1')).toBe('PNG');
    // A4 at 50 dpi, portrait.
    expect(png.readUInt32BE(16)).toBe(414);
    expect(png.readUInt32BE(20)).toBe(585);
  });

  it('gives the same bytes for the same report and moment, with the title, author and creation date set', async () => {
    const a = await dayReportPdf(zReport(), NL);
    const b = await dayReportPdf(zReport(), NL);
    expect(a.equals(b)).toBe(true);
    const later = await dayReportPdf(zReport(), { ...NL, now: new Date('2026-11-28T08:00:00Z') });
    expect(later.equals(a)).toBe(false);
    expect(text(save(later, 'later.pdf'))).toContain('Afgedrukt 28-11-2026 09:00');
    const meta = info(save(a));
    expect(meta.Title).toBe('Z-rapport 42 - Kassa 1 - 2026-11-27');
    expect(meta.Author).toBe(STORE.name);
    expect(new Date(execFileSync('pdfinfo', ['-isodates', join(dir, 'report.pdf')], { encoding: 'utf8' }).match(/CreationDate:\s+(\S+)/)![1]!).getTime()).toBe(NOW.getTime());
  });

  it('says when nothing was sold, and makes an X in English', async () => {
    const empty = text(save(await dayReportPdf(emptyZ(), NL), 'empty.pdf'));
    expect(empty).toContain('Er is niets verkocht.');
    expect(empty).not.toContain('Omzet per uur');
    const x = text(save(await dayReportPdf(xReport(), EN), 'x.pdf'));
    expect(x).toContain('X report');
    expect(x).toContain('Running totals: nothing was closed');
    expect(x).toMatch(/Net sales\s+6,252\.35/);
    expect(x).toMatch(/Counted\s+not counted/);
    expect(x).not.toContain('Grand total');
  });

  it('runs a long product list on to a second page', async () => {
    const r = zReport();
    r.topProducts = Array.from({ length: 40 }, (_, i) => ({ productId: i, code: String(1000 + i), name: `Product ${i + 1}`, qtyMilli: 1000 * (40 - i), grossCents: 100 * (40 - i) }));
    const file = save(await dayReportPdf(r, NL));
    expect(info(file).Pages).toBe('2');
    expect(text(file, 2)).toMatch(/Product 40\s+1\s+1,00/);
    expect(text(file, 2)).toContain('Pagina 2 van 2');
  });
});

describe('the sales report as PDF', () => {
  it('has the title, the period, a bar per day and the table with its totals', async () => {
    const r = salesByDay();
    const file = save(await salesReportPdf(r, NL));
    const t = text(file);
    for (const s of [STORE.name, 'Verkoopoverzicht per dag', 'Periode 23-11-2026 t/m 27-11-2026', 'Kassa 1']) expect(t).toContain(s);
    expect(t).toMatch(/25-11-2026\s+388\s+7\.718,15\s+6\.936,20\s+4\.309,90\s+2\.626,30\s+19,89/);
    expect(t).toMatch(/Totaal\s+1479\s+29\.094,40/);
    expect(t).toMatch(/Nog niet afgesloten met een Z \(berekend uit de verkopen\): 27-11-2026/);
    const bars = barHeights(file);
    expect(bars).toHaveLength(5);
    expect(bars.indexOf(Math.max(...bars))).toBe(2);
    expect(info(file).Title).toBe('Verkoopoverzicht per dag 2026-11-23 - 2026-11-27');
  });

  it('labels the bars of products by name', async () => {
    const file = save(await salesReportPdf(salesByProduct(), EN));
    const t = text(file);
    expect(t).toContain('Sales report by product');
    expect(t).toContain('all tills');
    expect(t).toMatch(/Oude kaas \(2100400000000\)\s+233\s+88\.23\s+1,146\.11\s+1,051\.48\s+-\s+-/);
    expect(barHeights(file)).toHaveLength(4);
  });

  it('keeps a chart to 30-odd bars and spreads a long table over pages under its head', async () => {
    const r = salesYearByDay();
    const file = save(await salesReportPdf(r, EN));
    expect(barHeights(file).length).toBeLessThanOrEqual(31);
    const pages = Number(info(file).Pages);
    expect(pages).toBeGreaterThan(2);
    for (let p = 2; p <= pages; p++) expect(text(file, p)).toMatch(/Day\s+Receipts\s+Sales/);
    const last = text(file, pages);
    expect(last).toMatch(/27\/10\/2026\s+\d+/);
    expect(last).toMatch(/Total\s+88300\s+1,809,675\.70/);
    expect(last).toContain(`Page ${pages} of ${pages}`);
    // Every day is in the table once.
    const all = text(file);
    expect(all.match(/^\s*\d{2}\/\d{2}\/2026\s/gm)).toHaveLength(300);
  });

  it('merges the rest of many products into one bar', async () => {
    const base = salesByProduct();
    const rows = Array.from({ length: 45 }, (_, i) => ({ ...base.rows[0]!, key: String(i), label: `Artikel ${i + 1} (${1000 + i})`, grossCents: 10_000 * (45 - i) }));
    const file = save(await salesReportPdf({ ...base, rows }, NL));
    const bars = barHeights(file);
    expect(bars).toHaveLength(31);
    // The 30 largest in order, then "Overig": the 15 smallest together, 10.000 × (1 + … + 15) cents.
    for (let i = 1; i < 30; i++) expect(bars[i]!).toBeLessThanOrEqual(bars[i - 1]!);
    expect(Math.abs(bars[30]! / bars[0]! - 120 / 45)).toBeLessThan(0.05);
  });
});
