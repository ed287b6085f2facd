/**
 * The invented world behind the example data: the seller Pay Ready, four customer companies and
 * their people, with the id that each system stores for them. Spelling differences between
 * systems are deliberate, and examples/README.md lists them.
 */

import { digits, salesforceId, slackId } from './ids.mjs';

export const GONG_WORKSPACE_ID = digits('gong:workspace', 19);

export const SLACK_TEAM_ID = slackId('T', 'team:payready');

/** Pay Ready's own people. `slackEmail: false` hides the e-mail from the Slack profile. */
export const TEAM = {
  dana: {
    firstName: 'Dana',
    lastName: 'Whitfield',
    title: 'Account Executive',
    email: 'dana@payready.example',
    phone: '+1 415-555-0131',
    slackName: 'dana',
    slackEmail: true,
    hubspotOwner: true,
    created: '2025-01-13T17:02:44Z',
  },
  marcus: {
    firstName: 'Marcus',
    lastName: 'Oyelaran',
    title: 'Senior Account Executive',
    email: 'marcus@payready.example',
    emailAlias: 'marcus.oyelaran@payready.example',
    phone: '+1 415-555-0148',
    slackName: 'marcus.o',
    slackEmail: true,
    hubspotOwner: true,
    created: '2024-06-03T16:20:09Z',
  },
  priya: {
    firstName: 'Priya',
    lastName: 'Raman',
    title: 'Sales Development Representative',
    email: 'priya@payready.example',
    phone: '+1 415-555-0162',
    slackName: 'priya',
    slackEmail: false,
    hubspotOwner: true,
    created: '2025-08-25T15:45:31Z',
  },
  tom: {
    // Slack and Gong know him as Tom; HubSpot and Salesforce carry the legal first name.
    firstName: 'Tom',
    crmFirstName: 'Thomas',
    lastName: 'Becker',
    title: 'Sales Manager, Commercial',
    email: 'tom@payready.example',
    phone: '+1 415-555-0107',
    slackName: 'tbecker',
    slackEmail: true,
    hubspotOwner: true,
    created: '2024-02-19T18:11:52Z',
  },
  lena: {
    firstName: 'Lena',
    lastName: 'Ortiz',
    title: 'Solutions Engineer',
    email: 'lena@payready.example',
    phone: '+1 415-555-0175',
    slackName: 'lena.se',
    slackEmail: false,
    hubspotOwner: false,
    created: '2025-04-07T16:30:00Z',
  },
};

for (const [key, person] of Object.entries(TEAM)) {
  person.key = key;
  person.gongUserId = digits(`gong:user:${key}`, 18);
  person.slackUserId = slackId('U', `user:${key}`);
  person.salesforceUserId = salesforceId('005', `user:${key}`);
  if (person.hubspotOwner) {
    person.hubspotOwnerId = digits(`hubspot:owner:${key}`, 9);
    person.hubspotUserId = Number(digits(`hubspot:user:${key}`, 8));
  }
}

/**
 * Customer companies. `hubspotName` and `salesforceName` differ on purpose; `website` is the
 * Salesforce Website value, written the way a rep typed it.
 */
export const COMPANIES = {
  kestrel: {
    hubspotName: 'Kestrel Freight',
    salesforceName: 'Kestrel Freight, Inc.',
    domain: 'kestrelfreight.example',
    website: 'www.kestrelfreight.example',
    industry: 'Transportation',
    hubspotIndustry: 'TRANSPORTATION_TRUCKING_RAILROAD',
    city: 'Columbus',
    state: 'OH',
    country: 'United States',
    street: '4100 Lockbourne Rd',
    postalCode: '43207',
    phone: '+1 614-555-0190',
    employees: 850,
    owner: 'dana',
    type: 'Prospect',
    created: '2026-08-28T14:12:09Z',
  },
  orchard: {
    hubspotName: 'Orchard Health LLC',
    salesforceName: 'Orchard Health LLC',
    domain: 'orchardhealth.example',
    website: 'https://orchardhealth.example',
    industry: 'Healthcare',
    hubspotIndustry: 'HOSPITAL_HEALTH_CARE',
    city: 'Portland',
    state: 'OR',
    country: 'United States',
    street: '1220 SW Morrison St, Suite 800',
    postalCode: '97205',
    phone: '+1 503-555-0122',
    employees: 1200,
    owner: 'dana',
    type: 'Prospect',
    created: '2026-09-09T20:41:37Z',
  },
  bluefin: {
    hubspotName: 'Bluefin Analytics',
    salesforceName: 'Bluefin Analytics GmbH',
    domain: 'bluefin-analytics.example',
    website: 'https://www.bluefin-analytics.example/de/',
    industry: 'Technology',
    hubspotIndustry: 'COMPUTER_SOFTWARE',
    city: 'Berlin',
    state: null,
    country: 'Germany',
    street: 'Invalidenstraße 91',
    postalCode: '10115',
    phone: '+49 30 5550 1840',
    employees: 310,
    owner: 'marcus',
    type: 'Customer - Direct',
    created: '2024-11-04T09:15:00Z',
  },
  northgate: {
    hubspotName: 'Northgate Civil',
    salesforceName: 'Northgate Civil S.A.',
    domain: 'northgatecivil.example',
    website: 'northgatecivil.example',
    industry: 'Construction',
    hubspotIndustry: 'CIVIL_ENGINEERING',
    city: 'Madrid',
    state: null,
    country: 'Spain',
    street: 'Calle de Alcalá 265',
    postalCode: '28027',
    phone: '+34 91 555 0172',
    employees: 2400,
    owner: 'marcus',
    type: 'Prospect',
    created: '2026-10-30T11:02:18Z',
  },
};

for (const [key, company] of Object.entries(COMPANIES)) {
  company.key = key;
  company.hubspotId = digits(`hubspot:company:${key}`, 11);
  company.salesforceId = salesforceId('001', `account:${key}`);
  company.opportunityId = salesforceId('006', `opportunity:${key}`);
  company.hubspotDealId = digits(`hubspot:deal:${key}`, 11);
}

/**
 * Customer contacts. Fields prefixed `hubspot`, `salesforce`, `gong` override the plain ones in
 * that system. `salesforceEmail: null` means the Salesforce record has no e-mail.
 */
export const CONTACTS = {
  tanaka: {
    company: 'kestrel',
    firstName: 'Robert',
    lastName: 'Tanaka',
    // A spreadsheet import put the whole "Last, First" name into LastName.
    salesforceFirstName: null,
    salesforceLastName: 'Tanaka, Robert',
    title: 'VP Finance',
    email: 'robert.tanaka@kestrelfreight.example',
    phone: '+1 614-555-0143',
    created: '2026-08-28T14:15:40Z',
    salesforceCreated: '2026-09-16T13:05:12Z',
  },
  morganKestrel: {
    company: 'kestrel',
    firstName: 'Chris',
    lastName: 'Morgan',
    title: 'Director of IT Security',
    email: 'chris.morgan@kestrelfreight.example',
    phone: '+1 614-555-0158',
    created: '2026-10-01T15:30:02Z',
    salesforceCreated: '2026-10-01T15:41:57Z',
  },
  bello: {
    company: 'kestrel',
    firstName: 'Aisha',
    lastName: 'Bello',
    title: 'Accounts Payable Manager',
    email: 'aisha.bello@kestrelfreight.example',
    salesforceEmail: null,
    phone: '+1 614-555-0117',
    created: '2026-09-15T16:02:26Z',
    salesforceCreated: '2026-09-16T13:07:40Z',
  },
  morganOrchard: {
    company: 'orchard',
    firstName: 'Chris',
    lastName: 'Morgan',
    title: 'Controller',
    email: 'cmorgan@orchardhealth.example',
    phone: '+1 503-555-0186',
    created: '2026-09-09T20:44:10Z',
    salesforceCreated: '2026-09-10T16:20:33Z',
  },
  park: {
    company: 'orchard',
    firstName: 'Mei Lin',
    lastName: 'Park',
    salesforceFirstName: 'Mei-Lin',
    title: 'VP Revenue Cycle',
    email: 'meilin.park@orchardhealth.example',
    phone: '+1 503-555-0139',
    created: '2026-09-09T20:46:51Z',
    salesforceCreated: '2026-09-10T16:22:05Z',
  },
  cole: {
    company: 'orchard',
    firstName: 'Hannah',
    lastName: 'Cole',
    title: 'Information Security Officer',
    email: 'hannah.cole@orchardhealth.example',
    phone: '+1 503-555-0194',
    created: '2026-10-02T17:11:45Z',
    salesforceCreated: '2026-10-02T17:30:19Z',
  },
  weber: {
    company: 'bluefin',
    firstName: 'Jonas',
    lastName: 'Weber',
    title: 'Head of Finance Operations',
    email: 'jonas.weber@bluefin-analytics.example',
    phone: '+49 30 5550 1852',
    created: '2024-11-04T09:20:31Z',
    salesforceCreated: '2024-11-05T08:44:02Z',
  },
  vogel: {
    company: 'bluefin',
    firstName: 'Katrin',
    lastName: 'Vogel',
    salesforceFirstName: 'Kathrin',
    title: 'Controller',
    email: 'katrin.vogel@bluefin-analytics.example',
    phone: '+49 30 5550 1867',
    created: '2025-01-21T10:03:54Z',
    salesforceCreated: '2025-01-22T09:12:16Z',
  },
  okaforBluefin: {
    // Samira's record from her time at Bluefin; she left in mid-2026.
    company: 'bluefin',
    firstName: 'Samira',
    lastName: 'Okafor',
    title: 'Procurement Lead',
    email: 'samira.okafor@bluefin-analytics.example',
    hubspotAdditionalEmails: 's.okafor@outlook.example',
    phone: '+49 30 5550 1879',
    created: '2025-02-11T13:40:08Z',
    updated: '2025-06-30T08:12:44Z',
    salesforceCreated: '2025-02-12T10:05:51Z',
  },
  okaforNorthgate: {
    // The same Samira at her new employer. HubSpot first saw her personal address (webinar
    // sign-up) and stores her new work address as an additional e-mail.
    company: 'northgate',
    firstName: 'Samira',
    lastName: 'Okafor',
    title: 'Head of Procurement',
    email: 'samira.okafor@northgatecivil.example',
    hubspotEmail: 's.okafor@outlook.example',
    hubspotAdditionalEmails: 'samira.okafor@northgatecivil.example',
    phone: '+34 91 555 0188',
    created: '2026-10-29T18:25:13Z',
    salesforceCreated: '2026-11-03T09:48:36Z',
  },
  fernandez: {
    company: 'northgate',
    firstName: 'Lucía',
    lastName: 'Fernández',
    salesforceFirstName: 'Lucia',
    salesforceLastName: 'Fernandez',
    title: 'CFO',
    email: 'lucia.fernandez@northgatecivil.example',
    phone: '+34 91 555 0104',
    created: '2026-10-30T11:05:47Z',
    salesforceCreated: '2026-11-03T09:51:02Z',
  },
};

for (const [key, contact] of Object.entries(CONTACTS)) {
  contact.key = key;
  contact.hubspotId = digits(`hubspot:contact:${key}`, 11);
  contact.salesforceId = salesforceId('003', `contact:${key}`);
}

/** Full name of a team member as Gong and Slack show it. */
export function teamName(person) {
  return `${person.firstName} ${person.lastName}`;
}

/** Full name of a contact as HubSpot stores it. */
export function contactName(contact) {
  return `${contact.firstName} ${contact.lastName}`;
}
