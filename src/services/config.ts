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
import { readSettingsRows, readVatRates, upsertVatRate, writeSetting } from '../db/settings.js';
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

export interface ConfigEntry {
  key: string;
  value: string | number | null;
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
  return entries;
}

export function getConfig(ctx: Ctx, key: string): ConfigEntry {
  const entry = listConfig(ctx).find((e) => e.key === key);
  if (!entry) throw unknownKey(ctx, key);
  return entry;
}

/** Change a setting (or a VAT rate), journaled in the same transaction. */
export function setConfig(ctx: Ctx, key: string, value: string): ConfigEntry {
  const apply = (): ConfigEntry => {
    const before = listConfig(ctx).find((e) => e.key === key);
    const vat = VAT_KEY.exec(key);
    if (vat) {
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
    if (!before || before.value !== after.value || before.isDefault) {
      appendJournal(ctx, 'setting.changed', { key, from: before?.value ?? null, to: after.value });
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
    `valid keys: ${[...SETTING_KEYS, ...vatKeys].join(', ')} (vat.<code> adds a rate)`,
  );
}
