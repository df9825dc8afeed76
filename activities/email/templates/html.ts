/**
 * A tiny HTML builder for e-mail: every interpolated value is escaped unless it is already Html
 * (built here), so user text (post copy, names, reasons) can never become markup.
 */
export class Html {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value;
  }
}

type Part = Html | string | number | undefined | null | false | readonly Part[];

export const escapeHtml = (value: string) =>
  value.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

function render(part: Part): string {
  if (part === undefined || part === null || part === false) return '';
  if (part instanceof Html) return part.value;
  if (Array.isArray(part)) return part.map(render).join('');
  return escapeHtml(String(part));
}

export function html(strings: TemplateStringsArray, ...parts: Part[]): Html {
  return new Html(strings.reduce((out, s, i) => out + s + (i < parts.length ? render(parts[i]) : ''), ''));
}

/** Only http(s) links go into href: a `javascript:` URL in data must never become a link. */
export function safeUrl(url: string): string {
  return /^https?:\/\//i.test(url) ? url : '#';
}

// Inline styles: many mail clients drop <style>; these keep a 360 px phone readable without scrolling.
export const STYLE = {
  body: 'margin:0;padding:0;background:#f4f4f6;color:#1c1c1e;font:16px/1.5 -apple-system,Segoe UI,Roboto,Helvetica,Arial,sans-serif',
  main: 'max-width:560px;margin:0 auto;padding:20px 12px',
  card: 'background:#ffffff;border-radius:12px;padding:14px 16px;margin:12px 0;overflow-wrap:anywhere;word-break:break-word',
  heading: 'font-size:22px;line-height:1.3;margin:0 0 12px',
  meta: 'color:#555555;font-size:14px;margin:4px 0',
  copy: 'white-space:pre-wrap;margin:8px 0;overflow-wrap:anywhere;word-break:break-word',
  button: 'display:inline-block;padding:12px 18px;margin:6px 6px 0 0;border-radius:10px;color:#ffffff;font-weight:600;text-decoration:none',
  footer: 'color:#666666;font-size:13px;margin:20px 0 0;overflow-wrap:anywhere',
  image: 'display:block;width:100%;max-width:100%;height:auto;border-radius:8px;margin:8px 0',
} as const;

const BUTTON_COLOURS = { approve: '#1e8449', reject: '#c0392b', primary: '#1a5fb4' } as const;

export function button(label: string, url: string, tone: keyof typeof BUTTON_COLOURS = 'primary'): Html {
  return html`<a href="${safeUrl(url)}" style="${STYLE.button};background:${BUTTON_COLOURS[tone]}">${label}</a>`;
}

/** The whole document: a hidden preheader (the inbox preview line), the content, the footer. */
export function page(input: { title: string; preheader: string; content: Html; footer: Html }): string {
  return html`<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>${input.title}</title></head><body style="${STYLE.body}"><div style="display:none;max-height:0;overflow:hidden">${input.preheader}</div><div style="${STYLE.main}">${input.content}<div style="${STYLE.footer}">${input.footer}</div></div></body></html>`.value;
}
