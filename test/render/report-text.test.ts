import { describe, expect, it } from 'vitest';
import type { DayReport, SalesReport } from '../../src/core/report.js';
import { dayReportLines, salesReportLines, type ReportTextOptions } from '../../src/render/report-text.js';
import { BUSIEST_HOUR, STORE, TIME_ZONE, emptyZ, salesByDay, salesByProduct, salesYearByDay, xReport, zReport } from './report-fixture.js';

const NL: ReportTextOptions = { lang: 'nl', locale: 'nl-NL', width: 80, storeName: STORE.name, timeZone: TIME_ZONE };
const EN: ReportTextOptions = { lang: 'en', locale: 'en-GB', width: 80, storeName: STORE.name, timeZone: TIME_ZONE };

const cols = (s: string): number => Array.from(s).length;

/** The one line that starts with `label` (the test fails when there is none or more). */
function lineOf(lines: string[], label: string): string {
  const found = lines.filter((l) => l.startsWith(label));
  expect(found, `one line starting with "${label}" in\n${lines.join('\n')}`).toHaveLength(1);
  return found[0]!;
}

/** The lines under a `── name ──` heading, up to the blank line that ends the section. */
function section(lines: string[], name: string): string[] {
  const start = lines.findIndex((l) => l.startsWith(`── ${name} `));
  expect(start, `section ${name}`).toBeGreaterThanOrEqual(0);
  const end = lines.indexOf('', start);
  return lines.slice(start + 1, end === -1 ? undefined : end);
}

/** Length of a block-character bar in eighths of a column. */
function eighths(line: string): number {
  const partial = ' ▏▎▍▌▋▊▉';
  let n = 0;
  for (const ch of line) {
    if (ch === '█') n += 8;
    else if (partial.includes(ch) && ch !== ' ') n += partial.indexOf(ch);
  }
  return n;
}

describe('the X/Z report in the terminal', () => {
  const reports: [string, () => DayReport][] = [
    ['Z', zReport],
    ['X', xReport],
    ['empty Z', emptyZ],
  ];
  for (const [name, make] of reports) {
    for (const width of [40, 60, 80, 100, 132]) {
      for (const opts of [NL, EN]) {
        it(`${name} in ${opts.lang} fits ${width} columns`, () => {
          const lines = dayReportLines(make(), { ...opts, width });
          expect(lines.length).toBeGreaterThan(10);
          for (const l of lines) expect(cols(l), l).toBeLessThanOrEqual(width);
        });
      }
    }
  }

  it('heads the report with the store, the Z number, the till, the day and the hours it covers', () => {
    const lines = dayReportLines(zReport(), NL);
    expect(lines[0]).toBe(STORE.name);
    expect(lines[1]).toMatch(/^Z-RAPPORT 42 +Kassa 1$/);
    expect(lines[2]).toMatch(/^Dag 27-11-2026 +06:58 - 21:04$/);
  });

  for (const width of [40, 80]) {
    it(`puts every amount of the turnover and cash on its label's line, ending in one column (${width})`, () => {
      const lines = dayReportLines(zReport(), { ...NL, width });
      const right = Math.min(width, 72);
      const expected: [string, string][] = [
        ['Bonnen', '315'],
        ['Retourbonnen', '3'],
        ['Verkopen voor korting', '6.412,80'],
        ['Kortingen', '-112,35'],
        ['Omzet bruto', '6.300,45'],
        ['Retouren', '-48,10'],
        ['Omzet netto', '6.252,35'],
        ['Wisselgeld begin', '150,00'],
        ['Contant ontvangen', '2.301,05'],
        ['Kas uit', '-20,00'],
        ['Kas verwacht', '2.431,05'],
        ['Kas geteld', '2.430,00'],
        ['Verschil', '-1,05'],
        ['Afronding', '-0,40'],
        ['Gemiddelde bon', '20,00'],
        ['Eindtotaal verkopen (cumulatief)', '1.284.112,50'],
      ];
      for (const [label, amount] of expected) {
        // At 40 columns a long label wraps and the amount stands on its last line.
        const at = lines.findIndex((l) => l === label || l.startsWith(`${label} `) || (label.startsWith(l) && l.length >= 10));
        expect(at, label).toBeGreaterThanOrEqual(0);
        const withAmount = lines.slice(at, at + 2).find((l) => l.endsWith(` ${amount}`));
        expect(withAmount, `${label} … ${amount}`).toBeDefined();
        expect(cols(withAmount!)).toBe(right);
      }
    });
  }

  it('reads the sections so that each adds up from top to bottom', () => {
    const lines = dayReportLines(zReport(), NL);
    const turnover = section(lines, 'Omzet').map((l) => l.replace(/ {2,}.*/, ''));
    expect(turnover).toEqual(['Bonnen', 'Retourbonnen', 'Verkopen voor korting', 'Kortingen', 'Omzet bruto', 'Retouren', 'Omzet netto']);
    const cash = section(lines, 'Kas').map((l) => l.replace(/ {2,}.*/, ''));
    expect(cash).toEqual(['Wisselgeld begin', 'Contant ontvangen', 'Kas in', 'Kas uit', 'Kas verwacht', 'Kas geteld', 'Verschil']);
  });

  it('shows a VAT table per rate with excl., VAT and incl. in columns, and their total', () => {
    for (const width of [40, 80]) {
      const vat = section(dayReportLines(zReport(), { ...NL, width }), 'BTW');
      expect(vat[0]).toMatch(/^Tarief +Excl\. +BTW +Incl\.$/);
      expect(vat[1]).toMatch(/^9% +3\.977,81 +358,00 +4\.335,81$/);
      expect(vat[2]).toMatch(/^21% +1\.583,92 +332,62 +1\.916,54$/);
      expect(vat[3]).toMatch(/^Totaal +5\.561,73 +690,62 +6\.252,35$/);
      // Columns: each amount ends where its head ends.
      for (const l of vat.slice(1)) expect(cols(l)).toBe(cols(vat[0]!));
      expect(vat[1]!.indexOf('358,00') + 6).toBe(vat[0]!.indexOf('BTW', 6) + 3);
    }
  });

  it('lists each payment method with its count and amount, the total and the rounding', () => {
    const pay = section(dayReportLines(zReport(), NL), 'Betalingen');
    expect(pay).toEqual([expect.stringMatching(/^Contant +141x +2\.301,05$/), expect.stringMatching(/^Pin\/kaart +162x +3\.760,30$/), expect.stringMatching(/^QR +15x +190,60$/), expect.stringMatching(/^Totaal +318x +6\.251,95$/), expect.stringMatching(/^Afronding +-0,40$/)]);
  });

  it('draws the hours as bars proportional to the takings, the busiest hour the longest', () => {
    for (const width of [40, 80]) {
      const r = zReport();
      const hours = section(dayReportLines(r, { ...NL, width }), 'Per uur');
      expect(hours.map((l) => l.slice(0, 5))).toEqual(r.byHour.map((h) => `${String(h.hour).padStart(2, '0')}:00`));
      const bars = hours.map(eighths);
      const longest = Math.max(...bars);
      expect(hours[bars.indexOf(longest)]!.startsWith(`${BUSIEST_HOUR}:00`)).toBe(true);
      // Proportional: each bar within an eighth of its share of the longest.
      r.byHour.forEach((h, i) => {
        const max = Math.max(...r.byHour.map((x) => x.grossCents));
        expect(Math.abs(bars[i]! - (h.grossCents / max) * longest)).toBeLessThanOrEqual(1);
      });
      // The receipts and the amount of each hour on its line.
      expect(hours[bars.indexOf(longest)]).toMatch(/ 34 +712,40$/);
    }
  });

  it('puts hours without sales between busy ones on the chart with an empty bar', () => {
    const r = { ...zReport(), byHour: [{ hour: 9, receipts: 3, grossCents: 4500 }, { hour: 12, receipts: 1, grossCents: 900 }] };
    const hours = section(dayReportLines(r, NL), 'Per uur');
    expect(hours.map((l) => l.slice(0, 5))).toEqual(['09:00', '10:00', '11:00', '12:00']);
    expect(eighths(hours[1]!)).toBe(0);
    expect(hours[1]).toMatch(/ 0 +0,00$/);
    expect(Math.abs(eighths(hours[0]!) - 5 * eighths(hours[3]!))).toBeLessThanOrEqual(5);
  });

  it('lists the top products and the cashiers, cutting a long name to the width', () => {
    const top = section(dayReportLines(zReport(), { ...NL, width: 40 }), 'Best verkocht');
    expect(top[0]).toMatch(/^Product +Aantal +Omzet$/);
    expect(top[1]).toMatch(/^Volkorenbrood heel +212 +527,88$/);
    expect(top[5]).toMatch(/^Oude kaas +18,45 +239,67$/);
    expect(top[6]).toMatch(/^Speculaasbrokken met .*… +37 +183,15$/);
    const cashiers = section(dayReportLines(zReport(), NL), 'Per kassier');
    expect(cashiers.slice(1)).toEqual([expect.stringMatching(/^Anna +128 +2\.543,10$/), expect.stringMatching(/^Bram +101 +2\.014,42$/), expect.stringMatching(/^Sanne +86 +1\.694,83$/)]);
  });

  it('says when nothing was sold and leaves out the empty tables, but still shows the drawer', () => {
    const lines = dayReportLines(emptyZ(), NL);
    expect(lines).toContain('Er is niets verkocht.');
    expect(lines.some((l) => l.startsWith('── Per uur'))).toBe(false);
    expect(lines.some((l) => l.startsWith('── BTW'))).toBe(false);
    expect(lineOf(lines, 'Kas verwacht')).toMatch(/ 150,00$/);
    expect(dayReportLines(zReport(), NL).some((l) => l.includes('niets verkocht'))).toBe(false);
  });

  it('marks an X as running totals, without a Z number, grand totals or a difference when nothing was counted', () => {
    const lines = dayReportLines(xReport(), NL);
    expect(lines[1]).toMatch(/^X-RAPPORT +Kassa 1$/);
    expect(lines[2]).toMatch(/06:58 - 15:30$/);
    expect(lines).toContain('Tussenstand: er is niets afgesloten');
    expect(lineOf(lines, 'Kas geteld')).toMatch(/ niet geteld$/);
    expect(lines.some((l) => l.startsWith('Verschil'))).toBe(false);
    expect(lines.some((l) => l.includes('Eindtotaal'))).toBe(false);
  });

  it('speaks English with English amounts', () => {
    const lines = dayReportLines(zReport(), EN);
    expect(lines[1]).toMatch(/^Z REPORT 42 +Till 1$/);
    expect(lines[2]).toMatch(/^Day 27\/11\/2026 +06:58 - 21:04$/);
    expect(lineOf(lines, 'Net sales')).toMatch(/ 6,252\.35$/);
    expect(lineOf(lines, 'Difference')).toMatch(/ -1\.05$/);
  });

  it('names both days when an earlier unclosed day was closed with this one, and the date of a close after midnight', () => {
    const r = { ...zReport(), fromDay: '2026-11-26', to: '2026-11-28T00:15:00Z' };
    const lines = dayReportLines(r, NL);
    expect(lines[2]).toMatch(/^Dagen 26-11-2026 t\/m 27-11-2026 +06:58 - 28-11-2026 01:15$/);
  });
});

describe('the sales report in the terminal', () => {
  for (const width of [40, 60, 80, 120, 200]) {
    for (const make of [salesByDay, salesByProduct, salesYearByDay]) {
      it(`${make.name} fits ${width} columns`, () => {
        for (const l of salesReportLines(make(), { ...NL, width })) expect(cols(l), l).toBeLessThanOrEqual(width);
      });
    }
  }

  /** The table rows: from the first rule to the second. */
  function body(lines: string[]): string[] {
    const first = lines.findIndex((l) => /^─+$/.test(l));
    const second = lines.findIndex((l, i) => i > first && /^─+$/.test(l));
    return lines.slice(first + 1, second);
  }

  it('has a row per day with a bar, the receipts and the sales, the best day with the longest bar', () => {
    for (const width of [40, 80]) {
      const r = salesByDay();
      const lines = salesReportLines(r, { ...NL, width });
      const rows = body(lines);
      expect(rows.map((l) => l.slice(0, 10))).toEqual(['23-11-2026', '24-11-2026', '25-11-2026', '26-11-2026', '27-11-2026']);
      const bars = rows.map(eighths);
      expect(bars.indexOf(Math.max(...bars))).toBe(2);
      r.rows.forEach((x, i) => expect(Math.abs(bars[i]! - (x.grossCents / 771815) * bars[2]!)).toBeLessThanOrEqual(1));
      expect(rows[2]).toMatch(/ 7\.718,15 +388/);
      const total = lineOf(lines, 'Totaal');
      expect(total).toMatch(/ 29\.094,40 +1479/);
    }
  });

  it('shows average basket, margin and net where the width allows, in the columns of their heads', () => {
    const lines = salesReportLines(salesByDay(), NL);
    const head = lines.find((l) => l.startsWith('Dag '))!;
    expect(head).toMatch(/Omzet +Bonnen +Gem\. bon +Marge +Excl\. BTW/);
    const row = body(lines)[0]!;
    // Each figure ends where its head ends.
    for (const [h, v] of [['Gem. bon', '19,46'], ['Marge', '1.591,50'], ['Excl. BTW', '4.214,60']]) {
      expect(row.indexOf(v!) + v!.length, h).toBe(head.indexOf(h!) + h!.length);
    }
  });

  it('gives products their quantities and a dash where a cost price is missing', () => {
    const lines = salesReportLines(salesByProduct(), { ...EN, width: 100 });
    expect(lines[1]).toMatch(/^Sales report by product +all tills$/);
    const rows = body(lines);
    expect(rows[0]).toMatch(/^Volkorenbrood heel \(8712345… .* 2,514\.90 +801 +1010 +1,095\.25/);
    expect(rows[3]).toMatch(/^Oude kaas .* 1,146\.11 +233 +88\.23 +- +1,051\.48/);
  });

  it('lists the days not closed by a Z under the table', () => {
    const lines = salesReportLines(salesByDay(), NL);
    expect(lines.join(' ')).toContain('Nog niet afgesloten met een Z (berekend uit de verkopen): 27-11-2026');
    expect(salesReportLines(salesByProduct(), NL).join(' ')).not.toContain('afgesloten');
  });

  it('says so when the period has no sales', () => {
    const r: SalesReport = { ...salesByDay(), rows: [], openDays: [] };
    expect(salesReportLines(r, NL)).toContain('Geen verkopen in deze periode.');
  });

  it('names payment methods in words and leaves out a net it does not have', () => {
    const r: SalesReport = {
      by: 'payment',
      from: '2026-11-27',
      to: '2026-11-27',
      register: '1',
      rows: [
        { key: 'card', label: 'card', receipts: 162, qtyMilli: null, grossCents: 376030, netCents: 0, costCents: null, marginCents: null, averageBasketCents: null },
        { key: 'cash', label: 'cash', receipts: 141, qtyMilli: null, grossCents: 230105, netCents: 0, costCents: null, marginCents: null, averageBasketCents: null },
      ],
      totals: { key: 'total', label: 'total', receipts: 303, qtyMilli: null, grossCents: 606135, netCents: 0, costCents: null, marginCents: null, averageBasketCents: null },
      openDays: [],
    };
    const lines = salesReportLines(r, NL);
    expect(lines.find((l) => l.startsWith('Betaalwijze'))).toMatch(/Omzet +Betalingen$/);
    expect(body(lines)[0]).toMatch(/^Pin\/kaart .* 3\.760,30 +162$/);
    expect(body(lines)[1]).toMatch(/^Contant .* 2\.301,05 +141$/);
  });
});
