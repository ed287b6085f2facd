import { describe, expect, it } from 'vitest';
import {
  companyDomainOfEmail,
  isFreeMailDomain,
  registrableDomain,
} from '../../src/resolve/domains.js';

describe('isFreeMailDomain', () => {
  it.each([
    'gmail.com',
    'googlemail.com',
    'yahoo.com',
    'yahoo.co.uk',
    'yahoo.co.jp',
    'hotmail.com',
    'hotmail.fr',
    'outlook.com',
    'live.com',
    'icloud.com',
    'me.com',
    'aol.com',
    'proton.me',
    'protonmail.com',
    'gmx.de',
    'gmx.net',
    'mail.ru',
    'yandex.ru',
    'yandex.com',
    'qq.com',
    '163.com',
    'web.de',
    'GMAIL.COM',
  ])('counts %s as free-mail', (domain) => {
    expect(isFreeMailDomain(domain)).toBe(true);
  });

  it.each([
    'acme.example',
    'mail.acme.com',
    'yahoo-partners.example',
    'outlookgroup.com',
    'live.acme.com',
  ])('counts %s as a company domain', (domain) => {
    expect(isFreeMailDomain(domain)).toBe(false);
  });
});

describe('registrableDomain', () => {
  it.each([
    ['acme.com', 'acme.com'],
    ['eu.mail.acme.com', 'acme.com'],
    ['acme.co.uk', 'acme.co.uk'],
    ['sales.acme.co.uk', 'acme.co.uk'],
    ['acme.com.au', 'acme.com.au'],
    ['ACME.COM.', 'acme.com'],
  ])('reduces %s to %s', (host, expected) => {
    expect(registrableDomain(host)).toBe(expected);
  });
});

describe('companyDomainOfEmail', () => {
  it('returns the registrable domain of a work address', () => {
    expect(companyDomainOfEmail('lena@eu.acme.example')).toBe('acme.example');
  });

  it('returns undefined for free-mail and malformed addresses', () => {
    expect(companyDomainOfEmail('lena@gmail.com')).toBeUndefined();
    expect(companyDomainOfEmail('lena@yahoo.co.uk')).toBeUndefined();
    expect(companyDomainOfEmail('lena.acme.example')).toBeUndefined();
    expect(companyDomainOfEmail('@acme.example')).toBeUndefined();
    expect(companyDomainOfEmail('lena@localhost')).toBeUndefined();
  });
});
