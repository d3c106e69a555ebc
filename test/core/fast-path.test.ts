/**
 * Which command lines take the fast path of `kassa report x --json`: exactly
 * that command with --db and --register; anything else goes to the full
 * command line (which gives help, usage errors and other outputs).
 */
import { describe, expect, it } from 'vitest';
import { fastReportX } from '../../src/fast-path.js';

const argv = (line: string) => ['node', 'kassa', ...line.split(' ').filter(Boolean)];

describe('the fast path of kassa report x --json', () => {
  it.each([
    ['report x --json', {}],
    ['--db shop.db report x --json', { db: 'shop.db' }],
    ['--db=shop.db report x --json --register 2', { db: 'shop.db', register: '2' }],
    ['report x --register=2 --json', { register: '2' }],
  ])('%s is taken', (line, want) => {
    expect(fastReportX(argv(line), {})).toEqual(want);
  });

  it.each([
    'report x', // text: the full path renders it
    'report x --json --csv',
    'report x --json --counted 10',
    'report x --json --help',
    'report x --json --register',
    'report x --json --register --debug',
    'report x --json --json',
    'report x --json --register 1 --register 2',
    '--debug report x --json',
    '--db report x --json',
    '--db a.db --db b.db report x --json',
    'report z --json',
    'report x extra --json',
    'x report --json',
    '',
  ])('%s is not', (line) => {
    expect(fastReportX(argv(line), {})).toBeNull();
  });

  it('KASSA_FAST=0 turns it off', () => {
    expect(fastReportX(argv('report x --json'), { KASSA_FAST: '0' })).toBeNull();
  });
});
