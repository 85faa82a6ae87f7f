// Where `source add|update` settings start for every kind: the stored settings, the JSON file named by
// --settings-file on top (checked once here: a regular file, a sane size, a JSON object), then flags.
import { readFileSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { UsageError } from '@/lib/cli/command';

// Settings are a few kilobytes; anything bigger is a wrong path (a log, a dump), not settings.
const MAX_SETTINGS_BYTES = 1024 * 1024;

/** The settings object in `file`, or a UsageError that says what is wrong with it. */
export function readSettingsFile(file: string): Record<string, unknown> {
  const path = resolve(file);
  let text: string;
  try {
    // The admin names this file on their own command line (they could `cat` it anyway); reading the
    // path they chose is the point of the flag, and it is checked to be a small regular file first.
    // eslint-disable-next-line security/detect-non-literal-fs-filename
    const stats = statSync(path);
    if (!stats.isFile()) throw new UsageError(`--settings-file ${file} is not a regular file`);
    if (stats.size > MAX_SETTINGS_BYTES) throw new UsageError(`--settings-file ${file} is over ${MAX_SETTINGS_BYTES} bytes; settings are small JSON`);
    // eslint-disable-next-line security/detect-non-literal-fs-filename -- same checked path as above
    text = readFileSync(path, 'utf8');
  } catch (error) {
    if (error instanceof UsageError) throw error;
    throw new UsageError(`--settings-file ${file} cannot be read: ${(error as Error).message}`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new UsageError(`--settings-file ${file} is not valid JSON: ${(error as Error).message}`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new UsageError(`--settings-file ${file} must hold a JSON object`);
  }
  return parsed as Record<string, unknown>;
}

/**
 * The settings an add or update starts from (`base`, the stored ones, with the settings file on top),
 * and a setter for flags that leaves a setting alone when its flag was not given.
 */
export function startSettings(base: Record<string, unknown>, file: string | undefined) {
  const settings: Record<string, unknown> = { ...base, ...(file ? readSettingsFile(file) : {}) };
  const set = (key: string, value: unknown) => {
    if (value !== undefined) settings[key] = value;
  };
  return { settings, set };
}
