/**
 * E-mail and web domains: which ones are free-mail providers (whose domain tells nothing about an
 * employer), and the registrable part of a host.
 */

/** Free-mail and consumer ISP domains that are matched exactly. */
const FREE_MAIL_DOMAINS = new Set(
  `
gmail.com googlemail.com outlook.com hotmail.com live.com msn.com passport.com windowslive.com
icloud.com me.com mac.com aol.com aim.com verizon.net att.net sbcglobal.net bellsouth.net
comcast.net cox.net charter.net earthlink.net juno.com netzero.net optonline.net frontier.com
proton.me protonmail.com protonmail.ch pm.me tutanota.com tutanota.de tuta.io
zoho.com zohomail.com mail.com email.com usa.com post.com inbox.com fastmail.com fastmail.fm
hey.com hushmail.com mailfence.com runbox.com posteo.de posteo.net mailbox.org disroot.org
yahoo.com ymail.com rocketmail.com
gmx.com gmx.net gmx.de gmx.at gmx.ch web.de t-online.de freenet.de arcor.de
mail.ru bk.ru inbox.ru list.ru rambler.ru yandex.ru yandex.com ya.ru
qq.com 163.com 126.com yeah.net sina.com sina.cn sohu.com aliyun.com 139.com foxmail.com
naver.com daum.net hanmail.net nate.com
rediffmail.com
orange.fr wanadoo.fr free.fr laposte.net sfr.fr neuf.fr
libero.it virgilio.it tiscali.it alice.it tin.it
seznam.cz centrum.cz wp.pl o2.pl onet.pl interia.pl
btinternet.com sky.com virginmedia.com ntlworld.com talktalk.net blueyonder.co.uk
bigpond.com optusnet.com.au telstra.com shaw.ca rogers.com sympatico.ca videotron.ca
uol.com.br bol.com.br terra.com.br
`
    .split(/\s+/)
    .filter((domain) => domain !== ''),
);

/**
 * Providers that run the same consumer service under many country domains (`yahoo.co.uk`,
 * `hotmail.fr`, `gmx.at`): a domain is free-mail when its first label is one of these and the
 * rest is a public suffix.
 */
const FREE_MAIL_FAMILIES = new Set([
  'yahoo',
  'ymail',
  'hotmail',
  'outlook',
  'live',
  'msn',
  'gmx',
  'yandex',
  'aol',
  'mail',
  'protonmail',
  'icloud',
]);

/** Second-level public suffixes under which companies register (`acme.co.uk`). */
const SECOND_LEVEL_SUFFIXES = new Set(
  `
co.uk org.uk ac.uk gov.uk me.uk ltd.uk plc.uk com.au net.au org.au co.nz org.nz co.jp ne.jp
or.jp co.kr com.br net.br com.cn net.cn com.hk com.sg com.my com.tw com.mx com.ar com.co
com.tr co.za co.in net.in co.il com.pl com.ua com.ru co.id com.ph com.vn com.pk com.eg
com.sa co.th com.pe com.ec com.uy com.ng co.ke
`
    .split(/\s+/)
    .filter((suffix) => suffix !== ''),
);

/**
 * Tells whether a lower-case e-mail domain belongs to a free-mail or consumer ISP provider.
 * Exact entries (`gmail.com`, `qq.com`) and provider families under any country suffix
 * (`yahoo.co.jp`, `hotmail.de`, `gmx.ch`, `yandex.kz`) count.
 */
export function isFreeMailDomain(domain: string): boolean {
  const host = domain.trim().toLowerCase();
  if (FREE_MAIL_DOMAINS.has(host)) return true;

  const labels = host.split('.');
  const first = labels[0];
  if (first === undefined || labels.length < 2 || !FREE_MAIL_FAMILIES.has(first)) return false;

  // `mail` alone is too common a first label (`mail.acme.com`); only `mail.<country>` is free-mail.
  const rest = labels.slice(1).join('.');
  if (first === 'mail') return labels.length === 2 && rest.length === 2;

  return labels.length === 2 || SECOND_LEVEL_SUFFIXES.has(rest);
}

/**
 * Returns the registrable domain of a host: the last two labels, or three under a known
 * second-level suffix (`eu.mail.acme.co.uk` → `acme.co.uk`).
 *
 * NOTE: the suffix list covers common country codes only, not the whole Public Suffix List, so
 * hosts under other shared suffixes keep one label too few.
 */
export function registrableDomain(host: string): string {
  const labels = host.trim().toLowerCase().replace(/\.$/, '').split('.');
  if (labels.length <= 2) return labels.join('.');

  const lastTwo = labels.slice(-2).join('.');
  const keep = SECOND_LEVEL_SUFFIXES.has(lastTwo) ? 3 : 2;

  return labels.slice(-keep).join('.');
}

/**
 * Returns the company domain an e-mail address points to: the registrable domain of its host,
 * or undefined for free-mail providers and malformed addresses.
 */
export function companyDomainOfEmail(email: string): string | undefined {
  // The resolver looks up the same addresses many times, and a lookup by the whole address is
  // cheaper than cutting out the host first.
  const known = EMAIL_DOMAINS.get(email);
  if (known !== undefined) return known ?? undefined;

  const domain = hostDomainOfEmail(email);
  if (EMAIL_DOMAINS.size >= 500_000) EMAIL_DOMAINS.clear();
  EMAIL_DOMAINS.set(email, domain ?? null);
  return domain;
}

/** Company domain by address, or null for none. Emptied when it reaches 500,000 addresses. */
const EMAIL_DOMAINS = new Map<string, string | null>();

function hostDomainOfEmail(email: string): string | undefined {
  const at = email.lastIndexOf('@');
  if (at < 1) return undefined;

  // Hosts repeat across a batch.
  const host = email.slice(at + 1);
  if (HOST_DOMAINS.has(host)) return HOST_DOMAINS.get(host);
  if (HOST_DOMAINS.size >= 100_000) HOST_DOMAINS.clear();

  const domain = hostCompanyDomain(host);
  HOST_DOMAINS.set(host, domain);
  return domain;
}

const HOST_DOMAINS = new Map<string, string | undefined>();

function hostCompanyDomain(rawHost: string): string | undefined {
  const host = rawHost.trim().toLowerCase();
  if (!/^[a-z0-9-]+(\.[a-z0-9-]+)+$/.test(host)) return undefined;
  if (isFreeMailDomain(host)) return undefined;

  const domain = registrableDomain(host);
  return isFreeMailDomain(domain) ? undefined : domain;
}
