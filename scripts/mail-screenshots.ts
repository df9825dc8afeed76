/**
 * Renders the sample approval digest at 360 px in Chromium into docs/images/digest.png (the
 * README's picture): `node --import tsx scripts/mail-screenshots.ts`.
 */
import path from 'node:path';
import { renderSample, TEMPLATE_SAMPLES } from '../test/support/email-templates.js';
import { launchMailBrowser, openMail } from '../test/support/mail-browser.js';

const browser = await launchMailBrowser();
try {
  const digest = TEMPLATE_SAMPLES.find((s) => s.name === 'approval-digest')!;
  const page = await openMail(browser, renderSample(digest).html);
  const file = path.resolve(import.meta.dirname, '../docs/images/digest.png');
  await page.screenshot({ path: file, fullPage: true });
  console.log(`wrote ${file}`);
} finally {
  await browser.close();
}
