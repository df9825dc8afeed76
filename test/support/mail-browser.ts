import { chromium, type Browser, type Page } from 'playwright-core';

// A small picture for every image a sample mail points at: nothing leaves the machine.
const LOAF = `<svg xmlns="http://www.w3.org/2000/svg" width="1040" height="680" viewBox="0 0 1040 680"><rect width="1040" height="680" fill="#f3e3c3"/><ellipse cx="520" cy="380" rx="360" ry="200" fill="#c98b4a"/><path d="M260 360q130-90 260 0t260 0" stroke="#f3e3c3" stroke-width="18" fill="none"/></svg>`;

export async function launchMailBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu', '--no-first-run'] });
}

/** The mail's HTML in a phone-sized page, its images answered locally. */
export async function openMail(browser: Browser, html: string, width = 360): Promise<Page> {
  const page = await browser.newPage({ viewport: { width, height: 740 }, deviceScaleFactor: 2 });
  await page.route('**/*', (route) => route.fulfill({ status: 200, contentType: 'image/svg+xml', body: LOAF }));
  await page.setContent(html, { waitUntil: 'load' });
  return page;
}
