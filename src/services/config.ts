import { BARCODE_KEY, checkLayout, formatLayout, parseLayout, type EmbeddedLayout } from '../core/embedded-barcode.js';
import { KassaError } from '../core/errors.js';
import {
  SETTINGS,
  SETTING_KEYS,
  VAT_KEY,
  defaultSettings,
  formatBp,
  isSettingKey,
  parseSetting,
  parseVatPercent,
  type Settings,
} from '../core/settings.js';
import type { VatRate } from '../core/catalogue/types.js';
import { accountConfigEntries, parseAccountSetting } from '../export/postings.js';
import { deleteSetting, readSettingsRows, readVatRates, upsertVatRate, writeSetting } from '../db/settings.js';
import type { Ctx } from './context.js';
import { appendJournal } from './journal.js';

export function loadSettings(ctx: Ctx): Settings {
  const stored = readSettingsRows(ctx.db);
  const settings = defaultSettings() as unknown as Record<string, unknown>;
  for (const [k, v] of stored) if (isSettingKey(k)) settings[k] = v;
  return settings as unknown as Settings;
}

export function vatRates(ctx: Ctx): VatRate[] {
  return readVatRates(ctx.db);
}

/**
 * The price- and weight-embedded barcode layouts (`barcode.20` … `barcode.29`),
 * prefix order. Stored as JSON in `settings` and checked again on the way out,
 * so a hand-edited row fails with what to do rather than decoding wrong prices.
 */
export function embeddedLayouts(ctx: Ctx): EmbeddedLayout[] {
  const out: EmbeddedLayout[] = [];
  for (const [key, value] of readSettingsRows(ctx.db)) {
    const m = BARCODE_KEY.exec(key);
    if (m) out.push(storedLayout(m[1]!, value));
  }
  return out.sort((a, b) => a.prefix.localeCompare(b.prefix));
}

type StoredLayout = Omit<EmbeddedLayout, 'prefix'>; // the prefix is in the key

function storedLayout(prefix: string, value: unknown): EmbeddedLayout {
  const v = (typeof value === 'object' && value !== null ? value : {}) as Partial<StoredLayout>;
  const layout = { prefix, itemDigits: v.itemDigits, valueDigits: v.valueDigits, kind: v.kind, decimals: v.decimals } as EmbeddedLayout;
  try {
    checkLayout(layout);
  } catch (e) {
    if (!(e instanceof KassaError)) throw e;
    throw new KassaError(
      'INVALID_SETTING',
      `the stored setting barcode.${prefix} is not a layout: ${JSON.stringify(value)}`,
      `set it again: kassa config set barcode.${prefix} "item=5 price=5 decimals=2" (or none)`,
    );
  }
  return layout;
}

export interface ConfigEntry {
  key: string;
  value: string | number | boolean | null;
  isDefault: boolean;
  description: string;
}

export function listConfig(ctx: Ctx): ConfigEntry[] {
  const stored = readSettingsRows(ctx.db);
  const settings = loadSettings(ctx);
  const entries: ConfigEntry[] = SETTING_KEYS.map((key) => ({
    key,
    value: settings[key],
    isDefault: !stored.has(key),
    description: SETTINGS[key].description,
  }));
  for (const rate of vatRates(ctx)) {
    entries.push({
      key: `vat.${rate.code}`,
      value: formatBp(rate.bp),
      isDefault: false,
      description: rate.label,
    });
  }
  entries.push(...barcodeEntries(stored));
  // The ledger accounts of the accounting export, default (RGS) or set.
  entries.push(...accountConfigEntries(stored));
  return entries;
}

/** Listed even when a stored row is broken, so that `config set barcode.2x …` can repair it. */
function barcodeEntries(stored: Map<string, unknown>): ConfigEntry[] {
  const out: ConfigEntry[] = [];
  for (const [key, value] of stored) {
    const prefix = BARCODE_KEY.exec(key)?.[1];
    if (prefix === undefined) continue;
    try {
      const layout = storedLayout(prefix, value);
      out.push({ key, value: formatLayout(layout), isDefault: false, description: layoutDescription(prefix, layout) });
    } catch (e) {
      if (!(e instanceof KassaError)) throw e;
      out.push({ key, value: JSON.stringify(value), isDefault: false, description: `not a valid layout: ${e.hint ?? ''}` });
    }
  }
  return out.sort((a, b) => a.key.localeCompare(b.key));
}

function layoutDescription(prefix: string, layout: EmbeddedLayout | null): string {
  return layout
    ? `${layout.kind}-embedded EAN-13s starting with ${prefix}`
    : `EAN-13s starting with ${prefix} with a price or weight in them (none: not decoded)`;
}

/** A listed entry; an unset `barcode.2x` reads as none, by default. */
function findEntry(ctx: Ctx, key: string): ConfigEntry | undefined {
  const entry = listConfig(ctx).find((e) => e.key === key);
  if (entry || !BARCODE_KEY.test(key)) return entry;
  return { key, value: 'none', isDefault: true, description: layoutDescription(key.slice('barcode.'.length), null) };
}

export function getConfig(ctx: Ctx, key: string): ConfigEntry {
  const entry = findEntry(ctx, key);
  if (!entry) throw unknownKey(ctx, key);
  return entry;
}

/** Change a setting (or a VAT rate, or a barcode layout), journaled in the same transaction. */
export function setConfig(ctx: Ctx, key: string, value: string): ConfigEntry {
  const apply = (): ConfigEntry => {
    const before = findEntry(ctx, key);
    const vat = VAT_KEY.exec(key);
    const barcode = BARCODE_KEY.exec(key);
    if (key.startsWith('accounts.')) {
      const account = parseAccountSetting(key, value);
      // `default` removes the row: the reference chart's number applies again.
      if (account === null) deleteSetting(ctx.db, key);
      else writeSetting(ctx.db, key, account);
    } else if (barcode) {
      const layout = parseLayout(barcode[1]!, value);
      if (layout) {
        const { prefix: _inKey, ...stored } = layout;
        writeSetting(ctx.db, key, stored satisfies StoredLayout);
      } else {
        // A removed layout leaves no row: the key reads as none again, as before it was set.
        deleteSetting(ctx.db, key);
      }
    } else if (vat) {
      const code = vat[1]!;
      const bp = parseVatPercent(key, value);
      const label = bp === null ? 'Vrijgesteld van BTW' : `BTW ${formatBp(bp)}%`;
      const existing = vatRates(ctx).find((r) => r.code === code);
      upsertVatRate(ctx.db, { code, bp, label: existing && existing.bp === bp ? existing.label : label });
    } else {
      if (!isSettingKey(key)) throw unknownKey(ctx, key);
      writeSetting(ctx.db, key, parseSetting(key, value));
    }
    const after = getConfig(ctx, key);
    if (!before || before.value !== after.value || before.isDefault !== after.isDefault) {
      // The journal is read by many; the terminal's password is written down as changed, not what it is.
      const shown = (v: unknown) => (key === 'terminal.password' && v !== null ? '******' : v);
      appendJournal(ctx, 'setting.changed', { key, from: shown(before?.value ?? null), to: shown(after.value) });
    }
    return after;
  };
  return ctx.db.transaction(apply).immediate();
}

function unknownKey(ctx: Ctx, key: string): KassaError {
  const vatKeys = vatRates(ctx).map((r) => `vat.${r.code}`);
  return new KassaError(
    'UNKNOWN_SETTING',
    `unknown setting "${key}"`,
    `valid keys: ${[...SETTING_KEYS, ...vatKeys].join(', ')} (vat.<code> adds a rate), barcode.20 … barcode.29 (price- and weight-embedded EAN-13s), accounts.* (ledger accounts of the accounting export: kassa config list)`,
  );
}
