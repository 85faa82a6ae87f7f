// npm run digest -- --preview --to ADDRESS [--week 2026-W10] [--team SLUG] [--tz Area/City] [--out DIR]
// Writes the weekly digest ADDRESS would receive as .eml (the exact MIME message) and .html (with its
// charts as PNG files beside it) without sending anything. Uses DATABASE_URL.
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { disconnectDb, getDb } from '@/lib/db';
import { htmlWithImages, PreviewError, previewDigest } from '@/lib/digest/preview';
import { getEnv } from '@/lib/env';
import { composeRawMessage } from '@/lib/mail/transport';
import { projectRoot } from './lib/embedded-postgres';

const usage = 'Usage: npm run digest -- --preview --to ADDRESS [--week 2026-W10] [--team SLUG] [--tz Area/City] [--out DIR]';

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      preview: { type: 'boolean' },
      to: { type: 'string' },
      week: { type: 'string' },
      team: { type: 'string' },
      tz: { type: 'string' },
      out: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help || !values.preview || !values.to) {
    console.log(`${usage}\n\nDigests are sent by the worker (npm run worker) every Monday 08:00 in each subscriber's time zone.`);
    return values.help ? 0 : 2;
  }
  if (!getEnv().DATABASE_URL) {
    console.error('DATABASE_URL is not set. See .env.example.');
    return 2;
  }
  const preview = await previewDigest(getDb(), {
    to: values.to,
    ...(values.week ? { week: values.week } : {}),
    ...(values.team ? { teamSlug: values.team } : {}),
    ...(values.tz ? { timeZone: values.tz } : {}),
  });
  const outDir = path.resolve(values.out ?? path.join(projectRoot, 'artifacts', 'digest-preview'));
  await mkdir(outDir, { recursive: true });
  const base = `digest-${preview.slot.week}-${values.to.replace(/[^A-Za-z0-9._-]+/g, '_')}`;
  const eml = path.join(outDir, `${base}.eml`);
  const html = path.join(outDir, `${base}.html`);
  await writeFile(eml, await composeRawMessage(preview.message));
  const imageNames = preview.charts.map((chart, index) => `${base}-chart-${index + 1}.png`);
  await Promise.all(preview.charts.map((chart, index) => writeFile(path.join(outDir, imageNames[index] ?? ''), chart.png)));
  await writeFile(html, htmlWithImages(preview, (_chart, index) => imageNames[index] ?? ''));
  console.log(`Digest for ${values.to}, week ${preview.slot.week} (${preview.content.periodLabel}, ${preview.slot.period.timeZone}), ${preview.accessNote}.`);
  console.log(`Subject: ${preview.content.subject}`);
  console.log(`Wrote ${path.relative(process.cwd(), eml)} (open in a mail client) and ${path.relative(process.cwd(), html)} with ${preview.charts.length} chart(s). Nothing was sent.`);
  return 0;
}

main()
  .then((code) => {
    process.exitCode = code;
  })
  .catch((error: unknown) => {
    console.error(error instanceof PreviewError ? error.message : `Error: ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = error instanceof PreviewError ? 2 : 1;
  })
  .finally(() => disconnectDb());
