/** Topics of the generated passages and the queries that search them, shared by the benchmarks. */

export const TOPICS = [
  'pricing',
  'discount',
  'security review',
  'SOC 2 report',
  'implementation timeline',
  'renewal',
  'data migration',
  'Ledgerly',
  'invoice approval',
  'NetSuite sync',
];

export const QUERIES = [
  'pricing discount',
  'SOC 2 security review',
  'implementation timeline risk',
  'renewal budget',
  'Ledgerly quote',
  'data migration plan',
  'NetSuite sync errors',
  'invoice approval workflow',
];
