import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { DayReport } from '../../src/core/report.js';
import { dayReportPaper, type ReportPaperOptions } from '../../src/render/report-paper.js';
import { BUSIEST_HOUR, STORE, TIME_ZONE, emptyZ, xReport, zReport } from './report-fixture.js';

const NL: ReportPaperOptions = { lang: 'nl', locale: 'nl-NL', width: 42, storeName: STORE.name, timeZone: TIME_ZONE };

function lineOf(lines: string[], label: string): string {
  const found = lines.filter((l) => l.startsWith(label));
  expect(found, `one line starting with "${label}" in\n${lines.join('\n')}`).toHaveLength(1);
  return found[0]!;
}

describe('the Z report on the receipt printer', () => {
  const reports: [string, () => DayReport][] = [
    ['Z', zReport],
    ['X', xReport],
    ['empty Z', emptyZ],
  ];
  for (const [name, make] of reports) {
    for (const width of [32, 42, 48] as const) {
      for (const lang of ['nl', 'en'] as const) {
        it(`${name} in ${lang} fits ${width} columns, in plain ASCII`, () => {
          const lines = dayReportPaper(make(), { ...NL, lang, locale: lang === 'nl' ? 'nl-NL' : 'en-GB', width });
          for (const l of lines) {
            expect(l.length, l).toBeLessThanOrEqual(width);
            // The paper has no block characters, and its code page may not have much else.
            expect(l, l).toMatch(/^[\x20-\x7e]*$/);
          }
          // The rules between blocks are exactly as wide as the paper.
          expect(lines.filter((l) => /^-+$/.test(l)).every((l) => l.length === width)).toBe(true);
        });
      }
    }
  }

  it('lays out the mockup at 42 columns, every amount ending in the last column', () => {
    const lines = dayReportPaper(zReport(), NL);
    expect(lines.slice(1, 4)).toEqual([
      'Z-RAPPORT 42                       Kassa 1',
      'Dag 27-11-2026               06:58 - 21:04',
      '-'.repeat(42),
    ]);
    expect(lines).toEqual(
      expect.arrayContaining([
        'Bonnen                                 315',
        'Omzet netto                       6.252,35',
        'BTW  9%     grondslag 3.977,81  btw 358,00',
        'BTW 21%     grondslag 1.583,92  btw 332,62',
        'Contant                 141x      2.301,05',
        'Pin/kaart               162x      3.760,30',
        'QR                       15x        190,60',
        'Afronding                            -0,40',
        'Kas verwacht                      2.431,05',
        'Verschil                             -1,05',
      ]),
    );
    const grand = lines.indexOf('Eindtotaal verkopen (cumulatief)');
    expect(lines[grand + 1]).toBe(`${' '.repeat(30)}1.284.112,50`);
  });

  for (const width of [32, 42, 48] as const) {
    it(`puts each total on its label's line, in the last column (${width})`, () => {
      const lines = dayReportPaper(zReport(), { ...NL, width });
      for (const [label, amount] of [
        ['Verkopen voor korting', '6.412,80'],
        ['Kortingen', '-112,35'],
        ['Omzet bruto', '6.300,45'],
        ['Retouren', '-48,10'],
        ['Omzet netto', '6.252,35'],
        ['Wisselgeld begin', '150,00'],
        ['Contant ontvangen', '2.301,05'],
        ['Kas uit', '-20,00'],
        ['Kas geteld', '2.430,00'],
        ['Gemiddelde bon', '20,00'],
      ]) {
        const l = lineOf(lines, label!);
        expect(l.endsWith(` ${amount}`), l).toBe(true);
        expect(l.length).toBe(width);
      }
    });
  }

  it('gives each VAT rate its base and VAT on narrow paper too', () => {
    const lines = dayReportPaper(zReport(), { ...NL, width: 32 });
    const head = lines.findIndex((l) => /^BTW +grondslag +btw$/.test(l));
    expect(head).toBeGreaterThan(0);
    expect(lines.slice(head + 1, head + 4)).toEqual([
      expect.stringMatching(/^9% +3\.977,81 +358,00$/),
      expect.stringMatching(/^21% +1\.583,92 +332,62$/),
      expect.stringMatching(/^Totaal +5\.561,73 +690,62$/),
    ]);
    for (const l of lines.slice(head, head + 4)) expect(l.length).toBe(32);
  });

  it('charts the hours in # bars, the busiest hour the longest', () => {
    for (const width of [32, 42, 48] as const) {
      const r = zReport();
      const lines = dayReportPaper(r, { ...NL, width });
      const start = lines.indexOf('Per uur');
      const hours = lines.slice(start + 1, start + 1 + r.byHour.length);
      expect(hours.map((l) => l.slice(0, 2))).toEqual(r.byHour.map((h) => String(h.hour).padStart(2, '0')));
      const bars = hours.map((l) => (l.match(/#+/)?.[0] ?? '').length);
      expect(hours[bars.indexOf(Math.max(...bars))]!.startsWith(String(BUSIEST_HOUR))).toBe(true);
      const max = Math.max(...r.byHour.map((h) => h.grossCents));
      r.byHour.forEach((h, i) => expect(Math.abs(bars[i]! - (h.grossCents / max) * Math.max(...bars))).toBeLessThanOrEqual(1));
      expect(hours.every((l) => l.length === width)).toBe(true);
    }
  });

  it('lists the cashiers with their receipts and takings', () => {
    const lines = dayReportPaper(zReport(), NL);
    const start = lines.indexOf('Per kassier');
    expect(lines.slice(start + 1, start + 4)).toEqual(['Anna                    128x      2.543,10', 'Bram                    101x      2.014,42', 'Sanne                    86x      1.694,83']);
  });

  it('says when nothing was sold, without VAT, payments or hours', () => {
    const lines = dayReportPaper(emptyZ(), NL);
    expect(lines).toContain('       *** Er is niets verkocht ***');
    expect(lines.some((l) => l.startsWith('BTW'))).toBe(false);
    expect(lines).not.toContain('Per uur');
    expect(lineOf(lines, 'Kas verwacht')).toMatch(/ 150,00$/);
    expect(dayReportPaper(zReport(), NL).some((l) => l.includes('niets verkocht'))).toBe(false);
  });

  it('prints an X as running totals without grand totals', () => {
    const lines = dayReportPaper(xReport(), { ...NL, lang: 'en', locale: 'en-GB' });
    expect(lines[1]).toBe('X REPORT                            Till 1');
    expect(lines).toContain('Running totals: nothing was closed');
    expect(lineOf(lines, 'Counted')).toMatch(/ not counted$/);
    expect(lines.some((l) => l.startsWith('Grand total'))).toBe(false);
    expect(lineOf(lines, 'Net sales')).toBe('Net sales                         6,252.35');
  });

  it('is what docs/screens/z-report-42.txt shows', () => {
    const shown = readFileSync(new URL('../../docs/screens/z-report-42.txt', import.meta.url), 'utf8');
    expect(shown).toBe(`${dayReportPaper(zReport(), NL).join('\n')}\n`);
  });
});
