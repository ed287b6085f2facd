-- Source ids are unique per entity type, not per source system: a HubSpot company and a HubSpot
-- contact may both have id 101. Mappings and observations are therefore keyed by entity type,
-- source system and source id. Existing rows already carry their entity type and stay unique.
--
-- The new keys list the source columns first, so their indexes also serve lookups by source
-- system and id alone (lookup_entity by source id). That makes the old non-unique index on
-- (source_system, source_id) redundant. ON CONFLICT matches a unique index by its set of
-- columns, in any order.

ALTER TABLE __SCHEMA__.entity_mappings
  DROP CONSTRAINT IF EXISTS entity_mappings_source_system_source_id_key;
CREATE UNIQUE INDEX IF NOT EXISTS entity_mappings_source_type_key
  ON __SCHEMA__.entity_mappings (source_system, source_id, entity_type);
DROP INDEX IF EXISTS __SCHEMA__.entity_mappings_source_idx;

ALTER TABLE __SCHEMA__.entity_observations DROP CONSTRAINT IF EXISTS entity_observations_pkey;
ALTER TABLE __SCHEMA__.entity_observations
  ADD CONSTRAINT entity_observations_pkey PRIMARY KEY (source_system, source_id, entity_type);
