/**
 * HTML to plain text for CRM note, call, meeting and e-mail bodies. CRM editors write small,
 * often sloppy HTML, so this is a forgiving single-pass scanner rather than a DOM parser. It
 * accepts any input and keeps text it cannot parse as a tag. Of the structure it keeps only what matters for
 * search and citations: paragraphs, line breaks and list items.
 */

/** Elements that end a paragraph: a blank line separates them from what follows. */
const PARAGRAPH_TAGS = new Set([
  'address',
  'article',
  'blockquote',
  'dl',
  'figure',
  'footer',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'header',
  'hr',
  'p',
  'pre',
  'section',
  'table',
]);

/** Elements that start a new line but not a new paragraph. */
const LINE_TAGS = new Set([
  'aside',
  'caption',
  'center',
  'dd',
  'details',
  'div',
  'dt',
  'fieldset',
  'figcaption',
  'form',
  'li',
  'main',
  'nav',
  'summary',
  'tr',
]);

/** Elements whose content is never visible text. Everything up to the closing tag is dropped. */
const HIDDEN_TAGS = new Set(['head', 'noscript', 'script', 'style', 'svg', 'template', 'title']);

const NAMED_ENTITIES: Record<string, string> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  nbsp: ' ',
  ensp: ' ',
  emsp: ' ',
  thinsp: ' ',
  shy: '',
  zwj: '',
  zwnj: '',
  ndash: '–',
  mdash: '—',
  hellip: '…',
  lsquo: '‘',
  rsquo: '’',
  sbquo: '‚',
  ldquo: '“',
  rdquo: '”',
  bdquo: '„',
  laquo: '«',
  raquo: '»',
  bull: '•',
  middot: '·',
  copy: '©',
  reg: '®',
  trade: '™',
  euro: '€',
  pound: '£',
  yen: '¥',
  cent: '¢',
  sect: '§',
  para: '¶',
  deg: '°',
  plusmn: '±',
  times: '×',
  divide: '÷',
  frac12: '½',
  frac14: '¼',
  frac34: '¾',
  iexcl: '¡',
  iquest: '¿',
  larr: '←',
  rarr: '→',
  uarr: '↑',
  darr: '↓',
  agrave: 'à',
  aacute: 'á',
  acirc: 'â',
  auml: 'ä',
  aring: 'å',
  ccedil: 'ç',
  egrave: 'è',
  eacute: 'é',
  ecirc: 'ê',
  euml: 'ë',
  iacute: 'í',
  iuml: 'ï',
  ntilde: 'ñ',
  oacute: 'ó',
  ocirc: 'ô',
  ouml: 'ö',
  oslash: 'ø',
  uacute: 'ú',
  uuml: 'ü',
  szlig: 'ß',
  Agrave: 'À',
  Aacute: 'Á',
  Auml: 'Ä',
  Ccedil: 'Ç',
  Eacute: 'É',
  Ntilde: 'Ñ',
  Ouml: 'Ö',
  Uuml: 'Ü',
};

const TAG_NAME_PATTERN = /[a-zA-Z][a-zA-Z0-9:-]*/y;

/** Collects visible text as lines, honouring block boundaries and hard line breaks. */
class LineWriter {
  private readonly lines: string[] = [];
  /** Pieces of the line being written; joined once, because long notes arrive in many pieces. */
  private current: string[] = [];
  private lineHasText = false;
  private bulletPending = false;
  /** One entry per open list: whether one of its items is open (an `<li>` ends the previous). */
  private readonly openLists: boolean[] = [];

  /** Append inline text. Runs of whitespace become one space, as a browser renders them. */
  text(raw: string): void {
    const text = raw.replace(/[\u200b\u2060]/g, '').replace(/\s+/g, ' ');
    if (!this.lineHasText) {
      const trimmed = text.trimStart();
      if (trimmed === '') return;

      this.current = this.bulletPending ? ['- ', trimmed] : [trimmed];
      this.lineHasText = true;
      this.bulletPending = false;
      return;
    }

    this.current.push(text);
  }

  /** End the current line. With `paragraph`, also add a blank line unless inside a list item. */
  block(paragraph: boolean): void {
    if (this.lineHasText) this.newline();
    if (paragraph && !this.openLists.includes(true)) this.lines.push('');
  }

  /** `<br>`: always ends the line, so two in a row leave an empty line. */
  lineBreak(): void {
    this.newline();
  }

  startList(): void {
    this.block(true);
    this.openLists.push(false);
  }

  endList(): void {
    this.openLists.pop();
    this.bulletPending = false;
    this.block(true);
  }

  startListItem(): void {
    this.block(false);
    if (this.openLists.length === 0) this.openLists.push(false);
    this.openLists[this.openLists.length - 1] = true;
    this.bulletPending = true;
  }

  endListItem(): void {
    this.block(false);
    if (this.openLists.length > 0) this.openLists[this.openLists.length - 1] = false;
    this.bulletPending = false;
  }

  /** Separate table cells on one row, which HTML writes without any whitespace between them. */
  cell(): void {
    if (this.lineHasText) this.current.push(' ');
  }

  finish(): string {
    this.newline();

    const out: string[] = [];
    for (const line of this.lines) {
      const trimmed = line.trim();
      if (trimmed === '' && (out.length === 0 || out[out.length - 1] === '')) continue;
      out.push(trimmed);
    }
    while (out.length > 0 && out[out.length - 1] === '') out.pop();

    return out.join('\n');
  }

  private newline(): void {
    this.lines.push(this.current.join('').replace(/ +/g, ' '));
    this.current = [];
    this.lineHasText = false;
  }
}

/**
 * Convert an HTML fragment or document to plain text.
 *
 * A blank line separates paragraph-level elements (`p`, `h1`–`h6`, lists, tables, `blockquote`,
 * `pre`). `div`, `br`, `li` and `tr` start a new line, and list items get a `- ` prefix.
 * `script`, `style`, `head` and comments are dropped and entities are decoded. Lines are trimmed,
 * spaces collapse inside a line, and at most one blank line appears in a row. Text that does not
 * parse as a tag (`a < b`) is kept as written. Malformed HTML does not raise an error.
 */
export function htmlToText(html: string): string {
  const writer = new LineWriter();
  const length = html.length;
  const lastTagEnd = html.lastIndexOf('>');
  const tagState = { quotesReliable: true };
  let position = 0;
  let preDepth = 0;

  while (position < length) {
    const open = html.indexOf('<', position);
    const textEnd = open < 0 ? length : open;
    if (textEnd > position) {
      writeText(writer, decodeEntities(html.slice(position, textEnd)), preDepth > 0);
    }
    if (open < 0) break;

    const markup = skipMarkup(html, open);
    if (markup !== undefined) {
      position = markup;
      continue;
    }

    // Past the last `>` no tag can end, so the rest is text (and scanning stays linear).
    const tag = open < lastTagEnd ? matchTag(html, open, tagState) : undefined;
    if (tag === undefined) {
      writeText(writer, '<', preDepth > 0);
      position = open + 1;
      continue;
    }

    position = tag.end;
    if (!tag.closing && HIDDEN_TAGS.has(tag.name)) {
      position = skipHiddenContent(html, tag.name, position);
      continue;
    }
    if (tag.name === 'pre') preDepth = Math.max(0, preDepth + (tag.closing ? -1 : 1));
    applyTag(writer, tag.name, tag.closing);
  }

  return writer.finish();
}

/** Inside `<pre>` the source's own line breaks are real line breaks. */
function writeText(writer: LineWriter, text: string, preformatted: boolean): void {
  if (!preformatted) {
    writer.text(text);
    return;
  }

  const lines = text.split(/\r?\n/);
  lines.forEach((line, index) => {
    if (index > 0) writer.lineBreak();
    writer.text(line);
  });
}

function applyTag(writer: LineWriter, name: string, closing: boolean): void {
  if (name === 'br') {
    writer.lineBreak();
    return;
  }
  if (name === 'ul' || name === 'ol') {
    if (closing) writer.endList();
    else writer.startList();
    return;
  }
  if (name === 'li') {
    if (closing) writer.endListItem();
    else writer.startListItem();
    return;
  }
  if (name === 'td' || name === 'th') {
    writer.cell();
    return;
  }
  if (PARAGRAPH_TAGS.has(name)) {
    writer.block(true);
    return;
  }
  if (LINE_TAGS.has(name)) writer.block(false);
}

/**
 * Skip a comment, doctype, processing instruction or CDATA section starting at `open`. Returns
 * the position after it, or undefined when `open` starts something else. An unterminated comment
 * hides the rest of the input, as it does in a browser.
 */
function skipMarkup(html: string, open: number): number | undefined {
  if (html.startsWith('<!--', open)) {
    const end = html.indexOf('-->', open + 4);
    return end < 0 ? html.length : end + 3;
  }

  const next = html[open + 1];
  if (next !== '!' && next !== '?') return undefined;

  const end = html.indexOf('>', open + 2);
  return end < 0 ? html.length : end + 1;
}

interface TagToken {
  name: string;
  closing: boolean;
  end: number;
}

/**
 * Read the start or end tag at `open`. Quoted attribute values may contain `>`. When a quote is
 * never closed, the tag ends at the first `>` instead, and `state.quotesReliable` turns off for
 * the rest of the input, so a broken document costs one extra scan in total, not one per tag.
 */
function matchTag(
  html: string,
  open: number,
  state: { quotesReliable: boolean },
): TagToken | undefined {
  const closing = html[open + 1] === '/';
  TAG_NAME_PATTERN.lastIndex = open + (closing ? 2 : 1);
  const name = TAG_NAME_PATTERN.exec(html)?.[0];
  if (name === undefined) return undefined;

  const afterName = TAG_NAME_PATTERN.lastIndex;
  let end = state.quotesReliable ? endOfQuotedTag(html, afterName) : undefined;
  if (end === undefined) {
    state.quotesReliable = false;
    const gt = html.indexOf('>', afterName);
    if (gt < 0) return undefined;
    end = gt + 1;
  }

  return { name: name.toLowerCase(), closing, end };
}

/**
 * Return the position after the `>` that ends a tag, skipping `>` inside quoted values, or
 * undefined when there is none. As in the HTML tokenizer, a quote opens a value only right after `=`, so `title=it's` is
 * unquoted.
 */
function endOfQuotedTag(html: string, from: number): number | undefined {
  let quote: string | undefined;
  let previous = '';
  for (let index = from; index < html.length; index += 1) {
    const char = html[index] ?? '';
    if (quote !== undefined) {
      if (char === quote) quote = undefined;
      continue;
    }

    if (char === '>') return index + 1;
    if ((char === '"' || char === "'") && previous === '=') quote = char;
    if (!/\s/.test(char)) previous = char;
  }

  return undefined;
}

/** Return the position after the closing tag of a hidden element, or the end of the input. */
function skipHiddenContent(html: string, name: string, from: number): number {
  const closing = new RegExp(`</${name}\\s*>`, 'ig');
  closing.lastIndex = from;
  const match = closing.exec(html);

  return match === null ? html.length : closing.lastIndex;
}

/**
 * Decode named (common ones only), decimal and hexadecimal character references. Unknown names
 * stay as written. Invalid code points (0, surrogates, above U+10FFFF) become U+FFFD.
 */
export function decodeEntities(text: string): string {
  if (!text.includes('&')) return text;

  return text.replace(
    /&(?:#(\d{1,8})|#[xX]([0-9a-fA-F]{1,7})|([a-zA-Z][a-zA-Z0-9]{1,31}));?/g,
    (whole, decimal?: string, hex?: string, name?: string) => {
      if (decimal !== undefined) return fromCodePoint(Number.parseInt(decimal, 10));
      if (hex !== undefined) return fromCodePoint(Number.parseInt(hex, 16));

      // Named references need their semicolon, so `&copy` inside a URL query stays as written.
      if (name !== undefined && whole.endsWith(';')) return NAMED_ENTITIES[name] ?? whole;

      return whole;
    },
  );
}

function fromCodePoint(code: number): string {
  const invalid = code === 0 || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff);

  return invalid ? '\uFFFD' : String.fromCodePoint(code);
}

/** Return true when the text contains something that looks like an HTML tag, comment or entity. */
export function looksLikeHtml(text: string): boolean {
  return /<(?:[a-zA-Z][a-zA-Z0-9-]*[\s/>]|\/[a-zA-Z]|!--)|&(?:#\d+|#x[0-9a-f]+|[a-z]+);/i.test(
    text,
  );
}

/**
 * Tidy plain text the way `htmlToText` tidies HTML, but keep its own line breaks: trim lines,
 * collapse spaces and tabs inside a line, keep at most one blank line in a row.
 */
export function normalizePlainText(text: string): string {
  const lines = text
    .replace(/\r\n?/g, '\n')
    .split('\n')
    .map((line) => line.replace(/[^\S\n]+/g, ' ').trim());

  const out: string[] = [];
  for (const line of lines) {
    if (line === '' && (out.length === 0 || out[out.length - 1] === '')) continue;
    out.push(line);
  }
  while (out.length > 0 && out[out.length - 1] === '') out.pop();

  return out.join('\n');
}

/** Convert a CRM body field that may contain either HTML or plain text to plain text. */
export function bodyToText(value: string): string {
  return looksLikeHtml(value) ? htmlToText(value) : normalizePlainText(value);
}

/** Split plain text into paragraphs at blank lines, dropping empty ones. */
export function splitParagraphs(text: string): string[] {
  return text
    .split(/\n[^\S\n]*\n/)
    .map((paragraph) => paragraph.trim())
    .filter((paragraph) => paragraph !== '');
}

/**
 * Return the first non-empty line, shortened to `maxLength` characters at a word boundary with an
 * ellipsis. Notes without a title field use it as their title.
 */
export function firstLineTitle(text: string, maxLength = 120): string | undefined {
  const line = text
    .split('\n')
    .map((candidate) => candidate.trim())
    .find((candidate) => candidate !== '');
  if (line === undefined) return undefined;
  if (line.length <= maxLength) return line;

  const cut = line.slice(0, maxLength - 1);
  const lastSpace = cut.lastIndexOf(' ');
  const head = lastSpace > maxLength / 2 ? cut.slice(0, lastSpace) : cut;

  return `${head.trimEnd()}…`;
}
