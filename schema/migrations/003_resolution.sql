-- Entity resolution state: the lookup keys of every entity and the manual decisions about them.

-- Every key `entityKeys` (src/resolve/keys.ts) returns for an entity: source ids, e-mails,
-- domains, normalized names and name blocks. Rewritten whenever the entity or its links change.
CREATE TABLE IF NOT EXISTS __SCHEMA__.entity_keys (
  entity_type text NOT NULL CHECK (entity_type IN ('person', 'company')),
  key text NOT NULL,
  entity_id uuid NOT NULL REFERENCES __SCHEMA__.entities (id) ON DELETE CASCADE,
  PRIMARY KEY (entity_type, key, entity_id)
);
CREATE INDEX IF NOT EXISTS entity_keys_entity_idx ON __SCHEMA__.entity_keys (entity_id);

-- Manual decisions that automatic resolution respects: `merge` and `never_merge` name two
-- entities (entity_a, entity_b), `pin` keeps one source record (source_system, source_id) on
-- entity_a. When entities merge, the ids here move to the surviving entity.
CREATE TABLE IF NOT EXISTS __SCHEMA__.entity_decisions (
  id uuid PRIMARY KEY,
  kind text NOT NULL CHECK (kind IN ('merge', 'never_merge', 'pin')),
  entity_type text NOT NULL CHECK (entity_type IN ('person', 'company')),
  entity_a uuid NOT NULL,
  entity_b uuid,
  source_system text,
  source_id text,
  actor text NOT NULL,
  decided_at timestamptz NOT NULL DEFAULT now(),
  CHECK ((kind = 'pin') = (source_id IS NOT NULL AND entity_b IS NULL))
);
CREATE INDEX IF NOT EXISTS entity_decisions_a_idx ON __SCHEMA__.entity_decisions (entity_a);
CREATE INDEX IF NOT EXISTS entity_decisions_b_idx ON __SCHEMA__.entity_decisions (entity_b);
CREATE INDEX IF NOT EXISTS entity_decisions_ref_idx
  ON __SCHEMA__.entity_decisions (source_system, source_id);
