import { describe, expect, it } from 'vitest';
import { loadSpamAssassin, readableText } from './spam-assassin.js';

describe('SpamAssassin corpus', () => {
  it('keeps the subject and readable body of a mail, without headers, MIME parts, HTML or QP escapes', () => {
    const raw = [
      'From x@y  Thu Aug 22 13:17:22 2002',
      'Received: from localhost',
      'Subject: Cheap   meds',
      'Content-Transfer-Encoding: quoted-printable',
      '',
      '--boundary42',
      'Content-Type: text/html',
      '',
      '<html><style>p{}</style><p>Buy=20now, only =',
      '$9&nbsp;today</p></html>',
    ].join('\n');
    expect(readableText(raw)).toBe('Cheap   meds. Buy now, only $9 today');
  });

  it('loads every mail of the installed package, labelled spam or ham', () => {
    const mails = loadSpamAssassin();
    const spam = mails.filter((m) => m.label === 'spam').length;
    expect(mails.length).toBeGreaterThan(6000);
    // the corpus: 1,896 spam among 6,046 mails
    expect(spam).toBe(1896);
    expect(mails.every((m) => m.text.length > 1 && m.text.length <= 600)).toBe(true);
  });
});
