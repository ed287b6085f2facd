-- Person keys gained e-mail typo keys and company token keys became one-letter deletions. An
-- empty index makes the next resolution rebuild the keys of every entity (backfillEntityKeys),
-- so entities stored under the old keys are found again.
DELETE FROM __SCHEMA__.entity_keys;
