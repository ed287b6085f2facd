/**
 * Comparison of two people's e-mail addresses beyond equality: an address typed with a few
 * wrong characters (`jon.smith@acme.example` against `jon.smtih@acme.exmple`) is evidence for
 * one person, and two unrelated addresses at company domains are evidence against.
 */
import { companyDomainOfEmail } from './domains.js';
import { editDistance } from './similarity.js';

/**
 * Relation between two sets of addresses:
 * - `shared`: one address is in both sets;
 * - `similar`: two addresses are a few edits apart, which reads as a typo;
 * - `same_domain`: both sides have addresses at one company domain and none is shared or
 *   similar, so they are two mailboxes of one company;
 * - `different`: both sides have company-domain addresses, at different domains;
 * - `unknown`: one side has no address, or one side has only free-mail addresses.
 */
export type EmailRelation = 'shared' | 'similar' | 'same_domain' | 'different' | 'unknown';

export interface EmailComparison {
  relation: EmailRelation;
  /** The two addresses behind a `shared` or `similar` relation. */
  left?: string | undefined;
  right?: string | undefined;
  /** Edits between `left` and `right`. */
  edits?: number | undefined;
  /** 1 - edits / length of the longer address, for `shared` and `similar`. */
  similarity?: number | undefined;
}

/** Shortest address that is compared for typos; shorter ones are too easily one edit apart. */
const MIN_SIMILAR_LENGTH = 10;

/**
 * Returns the edits two addresses may differ by and still read as one mistyped address: one
 * edit per seven characters, at most three (`a.lee@acme.io` allows one, a 21-character address
 * three).
 */
export function maxEmailEdits(length: number): number {
  if (length < MIN_SIMILAR_LENGTH) return 0;

  return Math.min(3, Math.floor(length / 7));
}

/**
 * Compares two sets of lower-cased addresses. Addresses that differ only in their digits
 * (`jsmith@` and `jsmith2@`) are how a company distinguishes two people of one name, so they are
 * never `similar`. Callers that compare one set many times may pass its company domains
 * (`emailCompanyDomains`) instead of having them derived on every call.
 */
export function compareEmails(
  left: Iterable<string>,
  right: Iterable<string>,
  leftDomains?: ReadonlySet<string>,
  rightDomains?: ReadonlySet<string>,
): EmailComparison {
  const leftList = [...left];
  const rightList = [...right];
  if (leftList.length === 0 || rightList.length === 0) return { relation: 'unknown' };

  let best: EmailComparison | undefined;
  for (const a of leftList) {
    for (const b of rightList) {
      if (a === b) return { relation: 'shared', left: a, right: b, edits: 0, similarity: 1 };

      const length = Math.max(a.length, b.length);
      const allowed = maxEmailEdits(Math.min(a.length, b.length));
      if (allowed === 0 || differOnlyInDigits(a, b)) continue;
      const edits = editDistance(a, b, allowed);
      if (edits > allowed || (best?.edits !== undefined && edits >= best.edits)) continue;
      best = { relation: 'similar', left: a, right: b, edits, similarity: 1 - edits / length };
    }
  }
  if (best !== undefined) return best;

  return {
    relation: domainRelation(
      leftDomains ?? emailCompanyDomains(leftList),
      rightDomains ?? emailCompanyDomains(rightList),
    ),
  };
}

function domainRelation(left: ReadonlySet<string>, right: ReadonlySet<string>): EmailRelation {
  if (left.size === 0 || right.size === 0) return 'unknown';

  for (const domain of right) {
    if (left.has(domain)) return 'same_domain';
  }

  return 'different';
}

/** Company domains of a set of addresses, free-mail excluded. */
export function emailCompanyDomains(emails: Iterable<string>): Set<string> {
  const domains = new Set<string>();
  for (const email of emails) {
    const domain = companyDomainOfEmail(email);
    if (domain !== undefined) domains.add(domain);
  }

  return domains;
}

function differOnlyInDigits(a: string, b: string): boolean {
  return a.replace(/\d+/g, '') === b.replace(/\d+/g, '');
}

/**
 * Keys under which an address meets its typo variants: its first four characters and the last
 * four of its local part. Two addresses within `maxEmailEdits` of each other usually keep one of
 * the two. The domain's end would be no key at all, because everyone in a block shares it.
 */
export function emailCandidateKeys(email: string): string[] {
  if (email.length < MIN_SIMILAR_LENGTH) return [];

  const at = email.lastIndexOf('@');
  const local = at < 0 ? email : email.slice(0, at);
  return [`@<${email.slice(0, 4)}`, `@>${local.slice(-4)}`];
}
