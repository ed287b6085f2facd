-- Core tables of one domain. Every table lives in the domain's schema (__SCHEMA__), so domains
-- share a database but never a table.

CREATE TABLE IF NOT EXISTS __SCHEMA__.data_sources (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  source_type text NOT NULL CHECK (source_type IN ('gong', 'slack', 'hubspot', 'salesforce')),
  connection_id text UNIQUE,
  config jsonb NOT NULL DEFAULT '{}'::jsonb,
  last_sync_at timestamptz,
  sync_status text,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE IF NOT EXISTS __SCHEMA__.entities (
  id uuid PRIMARY KEY,
  entity_type text NOT NULL CHECK (entity_type IN ('person', 'company')),
  display_name text NOT NULL,
  normalized_name text NOT NULL DEFAULT '',
  emails text[] NOT NULL DEFAULT '{}',
  domains text[] NOT NULL DEFAULT '{}',
  is_internal boolean NOT NULL DEFAULT false,
  -- Current company of a person (the affiliation seen most recently).
  company_id uuid REFERENCES __SCHEMA__.entities (id) ON DELETE SET NULL,
  attributes jsonb NOT NULL DEFAULT '{}'::jsonb,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX IF NOT EXISTS entities_type_name_idx ON __SCHEMA__.entities (entity_type, normalized_name);
CREATE INDEX IF NOT EXISTS entities_emails_idx ON __SCHEMA__.entities USING gin (emails);
CREATE INDEX IF NOT EXISTS entities_domains_idx ON __SCHEMA__.entities USING gin (domains);

CREATE TABLE IF NOT EXISTS __SCHEMA__.entity_mappings (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  entity_type text NOT NULL CHECK (entity_type IN ('person', 'company')),
  unified_id uuid NOT NULL,
  source_system text NOT NULL,
  source_id text NOT NULL,
  confidence_score double precision NOT NULL DEFAULT 1.0,
  -- objectType, the rule that linked it and the values that matched (see docs/entity-resolution.md).
  metadata jsonb NOT NULL DEFAULT '{}'::jsonb,
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (source_system, source_id)
);
CREATE INDEX IF NOT EXISTS entity_mappings_unified_idx ON __SCHEMA__.entity_mappings (unified_id);
CREATE INDEX IF NOT EXISTS entity_mappings_source_idx
  ON __SCHEMA__.entity_mappings (source_system, source_id);

-- Latest observation of each source person or company: the resolver's input.
CREATE TABLE IF NOT EXISTS __SCHEMA__.entity_observations (
  source_system text NOT NULL,
  source_id text NOT NULL,
  entity_type text NOT NULL,
  observation jsonb NOT NULL,
  content_hash text NOT NULL,
  observed_at timestamptz,
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (source_system, source_id)
);

-- A person's companies over time; a person who moves keeps one identity and gains a row.
CREATE TABLE IF NOT EXISTS __SCHEMA__.entity_affiliations (
  person_id uuid NOT NULL REFERENCES __SCHEMA__.entities (id) ON DELETE CASCADE,
  company_id uuid NOT NULL REFERENCES __SCHEMA__.entities (id) ON DELETE CASCADE,
  first_seen timestamptz,
  last_seen timestamptz,
  evidence jsonb NOT NULL DEFAULT '{}'::jsonb,
  PRIMARY KEY (person_id, company_id)
);

CREATE TABLE IF NOT EXISTS __SCHEMA__.sync_state (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  source_type text NOT NULL,
  stream_name text NOT NULL,
  last_processed_timestamp timestamptz,
  last_processed_id text,
  checkpoint_data jsonb NOT NULL DEFAULT '{}'::jsonb,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (source_type, stream_name)
);

-- Records as the source sent them, keyed within a keyspace (Slack's channel_messages and threads
-- share one, because a thread parent arrives in both streams).
CREATE TABLE IF NOT EXISTS __SCHEMA__.source_records (
  source_system text NOT NULL,
  keyspace text NOT NULL,
  record_key text NOT NULL,
  stream text NOT NULL,
  interaction_key text,
  data jsonb NOT NULL,
  content_hash text NOT NULL,
  record_updated_at timestamptz,
  emitted_at timestamptz,
  origin jsonb NOT NULL DEFAULT '{}'::jsonb,
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (source_system, keyspace, record_key)
);
CREATE INDEX IF NOT EXISTS source_records_interaction_idx
  ON __SCHEMA__.source_records (interaction_key);

CREATE TABLE IF NOT EXISTS __SCHEMA__.interactions (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  interaction_key text NOT NULL UNIQUE,
  source_system text NOT NULL,
  source_id text NOT NULL,
  stream text NOT NULL,
  kind text NOT NULL,
  occurred_at timestamptz NOT NULL,
  title text,
  author_name text,
  author_ref jsonb,
  author_person_id uuid,
  deep_link text,
  thread_id text,
  call_id text,
  participants jsonb NOT NULL DEFAULT '[]'::jsonb,
  companies jsonb NOT NULL DEFAULT '[]'::jsonb,
  metadata jsonb NOT NULL DEFAULT '{}'::jsonb,
  content_hash text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX IF NOT EXISTS interactions_source_time_idx
  ON __SCHEMA__.interactions (source_system, occurred_at);
CREATE INDEX IF NOT EXISTS interactions_time_idx ON __SCHEMA__.interactions (occurred_at);
CREATE INDEX IF NOT EXISTS interactions_call_idx ON __SCHEMA__.interactions (call_id);

-- Which unified people and companies an interaction is about (filters and timelines).
CREATE TABLE IF NOT EXISTS __SCHEMA__.interaction_entities (
  interaction_id uuid NOT NULL REFERENCES __SCHEMA__.interactions (id) ON DELETE CASCADE,
  entity_id uuid NOT NULL,
  entity_type text NOT NULL,
  role text NOT NULL,
  PRIMARY KEY (interaction_id, entity_id, role)
);
CREATE INDEX IF NOT EXISTS interaction_entities_entity_idx
  ON __SCHEMA__.interaction_entities (entity_id);

CREATE TABLE IF NOT EXISTS __SCHEMA__.passages (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  interaction_id uuid NOT NULL REFERENCES __SCHEMA__.interactions (id) ON DELETE CASCADE,
  ordinal integer NOT NULL,
  text text NOT NULL,
  speaker_name text,
  speaker_ref jsonb,
  speaker_person_id uuid,
  speaker_affiliation text,
  start_ms integer,
  end_ms integer,
  at timestamptz,
  deep_link text,
  segment_source_id text,
  content_hash text NOT NULL,
  tsv tsvector GENERATED ALWAYS AS (to_tsvector('english', text)) STORED,
  UNIQUE (interaction_id, ordinal)
);
CREATE INDEX IF NOT EXISTS passages_tsv_idx ON __SCHEMA__.passages USING gin (tsv);
CREATE INDEX IF NOT EXISTS passages_hash_idx ON __SCHEMA__.passages (content_hash);

CREATE TABLE IF NOT EXISTS __SCHEMA__.dead_letters (
  id bigserial PRIMARY KEY,
  run_id uuid,
  source_system text NOT NULL,
  stream text,
  origin jsonb NOT NULL DEFAULT '{}'::jsonb,
  raw text NOT NULL,
  error text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX IF NOT EXISTS dead_letters_origin_idx
  ON __SCHEMA__.dead_letters (source_system, md5(raw), md5(error));

CREATE TABLE IF NOT EXISTS __SCHEMA__.sync_runs (
  id uuid PRIMARY KEY,
  trigger text NOT NULL,
  status text NOT NULL,
  started_at timestamptz NOT NULL DEFAULT now(),
  finished_at timestamptz,
  stats jsonb NOT NULL DEFAULT '{}'::jsonb,
  error text
);

CREATE TABLE IF NOT EXISTS __SCHEMA__.audit_log (
  id bigserial PRIMARY KEY,
  actor text NOT NULL,
  action text NOT NULL,
  details jsonb NOT NULL DEFAULT '{}'::jsonb,
  created_at timestamptz NOT NULL DEFAULT now()
);
