import { readFileSync } from 'node:fs';
import { expect, test } from './support/fixture';
import type { NewOrganisationPage } from './pages/NewOrganisationPage';

/** The English catalog's message for a damaged file (what the screen must show, translated). */
const corruptMessage = (JSON.parse(readFileSync('renderer/i18n/en.json', 'utf8')) as { evidence: { error: Record<string, string> } }).evidence.error.corrupt!;

test('a text file renamed .pdf: a translated error, no empty preview, no library message', async ({ page, app, newOrg: form }) => {
  const newOrg = await importFile(form, { name: 'not-a-scan.pdf', mimeType: 'application/pdf', buffer: Buffer.from('This is plain text, not a PDF.\n') });
  // the bytes have no PDF header: the translated "damaged file" error, not the reader's own message
  await expect(newOrg.ocrStatus()).toHaveText(corruptMessage, { timeout: 60_000 });
  await expect(newOrg.ocrStatus()).not.toContainText('PDF header');
  await expect(newOrg.preview()).toHaveCount(0);
  await expect(app.body()).not.toContainText('Invalid PDF structure');
  await page.screenshot({ path: 'test-results/evidence-not-a-pdf.png', fullPage: true });
});

/** Opens the New business account form and imports `file` through the file chooser. */
async function importFile(newOrg: NewOrganisationPage, file: { name: string; mimeType: string; buffer: Buffer }): Promise<NewOrganisationPage> {
  await newOrg.open();
  await newOrg.chooseFile(file);
  return newOrg;
}

test('a 1×1 image: "no text could be read" is shown, not a success with no fields', async ({ newOrg: form }) => {
  const newOrg = await importFile(form, { name: 'one-pixel.png', mimeType: 'image/png', buffer: readFileSync('test/fixtures/hostile/one-pixel.png') });
  await expect(newOrg.ocrStatus()).toContainText(/No text could be read from this file|Er kon geen tekst uit dit bestand worden gelezen/, { timeout: 90_000 });
  await expect(newOrg.ocrStatus()).toContainText(/150 dpi/);
});

test('a PNG whose header claims 60,000 × 60,000 pixels: refused as too large, no preview drawn', async ({ newOrg: form }) => {
  const newOrg = await importFile(form, { name: 'bomb.png', mimeType: 'image/png', buffer: readFileSync('test/fixtures/hostile/png-60000-header.png') });
  await expect(newOrg.ocrStatus()).toContainText(/too large to read|te groot om te lezen/, { timeout: 60_000 });
  await expect(newOrg.preview()).toHaveCount(0);
});
