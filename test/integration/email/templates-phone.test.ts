import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderSample, TEMPLATE_SAMPLES } from '../../support/email-templates.js';
import { launchMailBrowser, openMail } from '../../support/mail-browser.js';

let browser: Browser;
beforeAll(async () => {
  browser = await launchMailBrowser();
});
afterAll(async () => {
  await browser?.close();
});

describe('every e-mail on a 360 px phone', () => {
  for (const sample of TEMPLATE_SAMPLES) {
    it(`${sample.name} fits the width: nothing scrolls sideways`, async () => {
      const page = await openMail(browser, renderSample(sample).html);
      const widths = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, client: document.documentElement.clientWidth }));
      expect(widths.scroll).toBeLessThanOrEqual(360);
      expect(widths.client).toBe(360);
      // The buttons are on screen, not pushed off it.
      for (const box of await page.locator('a').evaluateAll((links) => links.map((a) => a.getBoundingClientRect().right))) expect(box).toBeLessThanOrEqual(360);
      await page.close();
    });
  }

  it('fails for a mail that is wider than the phone (negative control: the check can fail)', async () => {
    const page = await openMail(browser, '<!doctype html><html><body><table width="600"><tr><td>wide</td></tr></table></body></html>');
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeGreaterThan(360);
    await page.close();
  });

  it('shows the digest\'s image thumbnail within the card', async () => {
    const page = await openMail(browser, renderSample(TEMPLATE_SAMPLES.find((s) => s.name === 'approval-digest')!).html);
    const image = await page.locator('img').first().evaluate((img: HTMLImageElement) => ({ loaded: img.naturalWidth > 0, right: img.getBoundingClientRect().right }));
    expect(image.loaded).toBe(true);
    expect(image.right).toBeLessThanOrEqual(360);
    await page.close();
  });
});
