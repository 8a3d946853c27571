import { type Locale, translate } from '../i18n/index.ts';
import { html, type SafeHtml } from './html.ts';

export type RenderedEmail = { subject: string; text: string; html: string };

export type EmailBlock =
  | { kind: 'paragraph'; text: string }
  | { kind: 'heading'; text: string }
  | { kind: 'list'; items: string[] }
  | { kind: 'button'; label: string; url: string }
  | { kind: 'facts'; rows: [label: string, value: string][] }
  | { kind: 'small'; text: string };

/**
 * Every email is built from the same blocks, rendered twice: as HTML (escaped, inline styles for
 * mail clients) and as plain text that reads well on its own.
 */
export function renderEmail(locale: Locale, subject: string, blocks: EmailBlock[]): RenderedEmail {
  return { subject, text: renderText(locale, blocks), html: renderHtml(locale, subject, blocks).value };
}

function renderText(locale: Locale, blocks: EmailBlock[]): string {
  const parts = blocks.map((block) => {
    switch (block.kind) {
      case 'paragraph':
      case 'small':
        return block.text;
      case 'heading':
        return `${block.text}\n${'-'.repeat(Math.min(block.text.length, 40))}`;
      case 'list':
        return block.items.map((item) => `  * ${item}`).join('\n');
      case 'button':
        return `${block.label}: ${block.url}`;
      case 'facts':
        return block.rows.map(([label, value]) => `${label}: ${value}`).join('\n');
      default:
        return unknownBlock(block);
    }
  });
  return `${parts.join('\n\n')}\n\n--\n${translate(locale, 'email.footer')}\n`;
}

function renderHtml(locale: Locale, subject: string, blocks: EmailBlock[]): SafeHtml {
  const body = blocks.map((block): SafeHtml => {
    switch (block.kind) {
      case 'paragraph':
        return html`<p style="margin:0 0 16px;line-height:1.5">${block.text}</p>`;
      case 'small':
        return html`<p style="margin:0 0 16px;line-height:1.5;font-size:13px;color:#555">${block.text}</p>`;
      case 'heading':
        return html`<h2 style="margin:24px 0 8px;font-size:16px">${block.text}</h2>`;
      case 'list':
        return html`<ul style="margin:0 0 16px;padding-left:20px;line-height:1.5">${block.items.map(
          (item) => html`<li>${item}</li>`,
        )}</ul>`;
      case 'button':
        return html`<p style="margin:24px 0"><a href="${block.url}" style="background:#1f4fd1;color:#ffffff;padding:12px 20px;border-radius:6px;text-decoration:none;font-weight:600;display:inline-block">${block.label}</a></p>
<p style="margin:0 0 16px;font-size:13px;color:#555;line-height:1.5">${translate(locale, 'email.linkFallback')}<br><a href="${block.url}" style="color:#1f4fd1;word-break:break-all">${block.url}</a></p>`;
      case 'facts':
        return html`<table role="presentation" style="margin:0 0 16px;border-collapse:collapse">${block.rows.map(
          ([label, value]) =>
            html`<tr><td style="padding:4px 16px 4px 0;color:#555">${label}</td><td style="padding:4px 0;font-weight:600">${value}</td></tr>`,
        )}</table>`;
      default:
        return unknownBlock(block);
    }
  });
  return html`<!doctype html>
<html lang="${locale}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>${subject}</title></head>
<body style="margin:0;padding:0;background:#f4f5f7;font-family:-apple-system,Segoe UI,Roboto,'Apple SD Gothic Neo','Malgun Gothic',sans-serif;color:#1a1a1a">
<div style="max-width:600px;margin:0 auto;padding:24px">
<div style="font-size:20px;font-weight:700;margin-bottom:16px;color:#1f4fd1">Onramp</div>
<div style="background:#ffffff;border-radius:8px;padding:24px">${body}</div>
<p style="font-size:12px;color:#777;margin-top:16px">${translate(locale, 'email.footer')}</p>
</div></body></html>`;
}

function unknownBlock(block: never): never {
  throw new Error(`unknown email block ${JSON.stringify(block)}`);
}
