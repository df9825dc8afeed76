import fs from 'node:fs';
import path from 'node:path';

/** The placeholder web/vite.config.ts asks Vite to put wherever index.html needs a nonce. */
const NONCE_PLACEHOLDER = /HERALD_CSP_NONCE/g;

/**
 * The built web app's index.html with a given CSP nonce in place of the build's placeholder
 * (undefined while there is no build). Read on first use, then kept; the nonce is base64, which
 * cannot break out of an attribute.
 */
export function webAppPage(distDir: string): (nonce: string) => string | undefined {
  let html: string | undefined;
  return (nonce) => {
    html ??= fs.readFileSync(path.join(distDir, 'index.html'), { encoding: 'utf8', flag: 'r' });
    return html.replace(NONCE_PLACEHOLDER, nonce);
  };
}
