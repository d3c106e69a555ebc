import type { RowIssue } from '../core/catalogue/types.js';
import { MAX_LISTED, describeIssue, type ImportResult } from '../services/import/import-products.js';
import { chalk } from './output.js';
import { printJson } from './shared.js';

function where(file: string, i: RowIssue): string {
  return `${file}:${i.line}${i.columnNo !== null ? `:${i.columnNo}` : ''}`;
}

/** Print an import's outcome: the counts to stdout, every listed problem to stderr. */
export function describeImport(r: ImportResult, json: boolean): void {
  const file = r.file;
  for (const i of r.errors) process.stderr.write(`${chalk.red('error')} ${where(file, i)}: ${describeIssue(i)}\n`);
  if (r.rejected > r.errors.length) {
    process.stderr.write(`… and ${r.rejected - r.errors.length} more rejected rows (the first ${MAX_LISTED} are listed)\n`);
  }
  for (const w of r.warningList) process.stderr.write(`${chalk.yellow('warning')} ${where(file, w)}: ${describeIssue(w)}\n`);
  if (r.warnings > r.warningList.length) {
    process.stderr.write(`… and ${r.warnings - r.warningList.length} more warnings\n`);
  }
  if (json) {
    printJson({
      format: r.format,
      rows: r.rows,
      created: r.created,
      updated: r.updated,
      unchanged: r.unchanged,
      rejected: r.rejected,
      warnings: r.warnings,
      skipped: r.skipped,
      dryRun: r.dryRun,
      committed: r.committed,
      errors: r.errors,
    });
    return;
  }
  const what = r.dryRun ? 'would be' : r.committed ? '' : 'nothing imported; it would be';
  const counts = `${r.created} created, ${r.updated} updated, ${r.unchanged} unchanged, ${r.rejected} rejected`;
  const skipped = r.skipped > 0 ? `, ${r.skipped} rows without a sellable item skipped` : '';
  process.stdout.write(
    `${file} (${r.format ?? 'unknown'} format, ${r.rows} rows): ${what ? `${what} ` : ''}${counts}${skipped}` +
      `${r.warnings > 0 ? `; ${r.warnings} warnings` : ''}\n`,
  );
  if (r.dryRun) process.stdout.write('dry run: nothing was written\n');
}
