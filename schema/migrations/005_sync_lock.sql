-- One sync per domain at a time, across every process sharing the database. A sync holds the
-- row's lease and renews it while it runs; a crashed holder's lease expires and the next sync
-- takes over. A lease row works the same on PostgreSQL and PGlite, unlike session advisory
-- locks, which a connection pool cannot hold across statements.
CREATE TABLE IF NOT EXISTS __SCHEMA__.sync_lock (
  name text PRIMARY KEY,
  holder text NOT NULL,
  run_id uuid,
  acquired_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL
);
