import { describe, expect, it } from 'vitest';
import {
  bodyToText,
  decodeEntities,
  firstLineTitle,
  htmlToText,
  looksLikeHtml,
  normalizePlainText,
  splitParagraphs,
} from '../../src/sources/html.js';

describe('htmlToText', () => {
  it('reads a HubSpot editor body', () => {
    const html =
      '<div style="" dir="auto" data-top-level="true"><p style="margin:0;">test</p></div>';

    expect(htmlToText(html)).toBe('test');
  });

  it('separates paragraphs with one blank line', () => {
    expect(htmlToText('<p>First.</p><p>Second.</p><h2>Heading</h2>Tail')).toBe(
      'First.\n\nSecond.\n\nHeading\n\nTail',
    );
  });

  it('starts a line for div, br and tr', () => {
    expect(htmlToText('<div>one</div><div>two<br>three</div>')).toBe('one\ntwo\nthree');
    expect(htmlToText('<table><tr><td>a</td><td>b</td></tr><tr><td>c</td></tr></table>')).toBe(
      'a b\nc',
    );
  });

  it('keeps an empty line for two br tags', () => {
    expect(htmlToText('a<br><br>b')).toBe('a\n\nb');
  });

  it('prefixes list items with a dash', () => {
    const html = '<p>Open:</p><ul><li>Residency</li><li><p>Terms</p></li></ul><p>Done</p>';

    expect(htmlToText(html)).toBe('Open:\n\n- Residency\n- Terms\n\nDone');
  });

  it('handles nested and unclosed list items', () => {
    expect(htmlToText('<ul><li>a<ul><li>b</li></ul></li><li>c</ul>')).toBe('- a\n- b\n- c');
    expect(htmlToText('<ol><li>x<li>y</ol><p>after</p>')).toBe('- x\n- y\n\nafter');
  });

  it('drops script, style, head and comments', () => {
    const html =
      '<html><head><title>Mail</title><style>p{color:red}</style></head><body>' +
      '<p>Hi</p><script>alert("<p>no</p>")</script><!-- hidden --><p>Bye</p></body></html>';

    expect(htmlToText(html)).toBe('Hi\n\nBye');
  });

  it('decodes named and numeric entities', () => {
    expect(htmlToText('<p>Tom &amp; Jerry&#39;s &#x27;deal&#x27; &ndash; &euro;5&nbsp;k</p>')).toBe(
      "Tom & Jerry's 'deal' – €5 k",
    );
  });

  it('collapses whitespace inside lines', () => {
    expect(htmlToText('<p>  lots   of\n\n   space\t here  </p>')).toBe('lots of space here');
  });

  it('keeps at most one blank line in a row', () => {
    const output = htmlToText('<p>a</p><p><br></p><p></p><br><br><br><p>b</p>');

    expect(output).toBe('a\n\nb');
  });

  it('keeps line breaks inside pre', () => {
    expect(htmlToText('<pre>line 1\n  line 2\n\n\nline 3</pre>after')).toBe(
      'line 1\nline 2\n\nline 3\n\nafter',
    );
  });

  it('keeps a stray less-than sign as text', () => {
    expect(htmlToText('<p>a < b and 3 <4</p>')).toBe('a < b and 3 <4');
  });

  it('ignores > inside quoted attribute values', () => {
    expect(htmlToText('<a title="x > y" href="/q?a=1">link</a> text')).toBe('link text');
  });

  it('survives malformed HTML', () => {
    const inputs = [
      '<div unclosed',
      '<p>open <b>bold <i>both</p>',
      '</p></div>text</li>',
      '<a href="never closed>text</a><p>after</p>',
      '<!-- unterminated comment <p>x</p>',
      '<script>never closed',
      '<<<>>>',
      '&#0;&#xD800;&#99999999;',
      '',
    ];

    for (const input of inputs) {
      expect(() => htmlToText(input), input).not.toThrow();
    }
    expect(htmlToText('<p>open <b>bold <i>both</p>')).toBe('open bold both');
    expect(htmlToText('</p></div>text</li>')).toBe('text');
    expect(htmlToText('<script>never closed')).toBe('');
    expect(htmlToText('<!-- unterminated comment <p>x</p>')).toBe('');
  });

  it('converts large inputs in linear time', () => {
    const started = Date.now();
    htmlToText('<a '.repeat(50_000));
    htmlToText('<a "x>'.repeat(50_000));
    htmlToText(`<p>${'word '.repeat(100_000)}</p>`);

    expect(Date.now() - started).toBeLessThan(2_000);
  });
});

describe('decodeEntities', () => {
  it('leaves unknown names and bare ampersands alone', () => {
    expect(decodeEntities('R&D &bogus; &copy ok')).toBe('R&D &bogus; &copy ok');
  });

  it('replaces invalid code points', () => {
    expect(decodeEntities('&#0;|&#xD800;|&#1114112;')).toBe('\uFFFD|\uFFFD|\uFFFD');
  });
});

describe('looksLikeHtml', () => {
  it('detects tags and entities', () => {
    expect(looksLikeHtml('<p>x</p>')).toBe(true);
    expect(looksLikeHtml('a<br/>b')).toBe(true);
    expect(looksLikeHtml('Tom &amp; Jerry')).toBe(true);
  });

  it('rejects plain text with angle brackets', () => {
    expect(looksLikeHtml('a < b > c')).toBe(false);
    expect(looksLikeHtml('Priya <priya@northwind.example>')).toBe(false);
  });
});

describe('normalizePlainText', () => {
  it('keeps line breaks and trims lines', () => {
    expect(normalizePlainText('  Hi Dana,\r\n\r\n\r\nQuote   works. \r\nThanks ')).toBe(
      'Hi Dana,\n\nQuote works.\nThanks',
    );
  });
});

describe('bodyToText', () => {
  it('chooses HTML or plain handling', () => {
    expect(bodyToText('<p>a</p><p>b</p>')).toBe('a\n\nb');
    expect(bodyToText('line a\nline b')).toBe('line a\nline b');
  });
});

describe('splitParagraphs', () => {
  it('splits at blank lines', () => {
    expect(splitParagraphs('a\nb\n\n c \n \n\nd')).toEqual(['a\nb', 'c', 'd']);
  });
});

describe('firstLineTitle', () => {
  it('uses the first non-empty line', () => {
    expect(firstLineTitle('\n  Renewal recap \nmore')).toBe('Renewal recap');
    expect(firstLineTitle('')).toBeUndefined();
  });

  it('shortens long lines at a word boundary', () => {
    const title = firstLineTitle(`${'word '.repeat(40)}end`, 30);

    expect(title).toBe('word word word word word…');
    expect(title?.length).toBeLessThanOrEqual(30);
  });
});
