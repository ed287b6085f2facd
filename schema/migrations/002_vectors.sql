-- Passage embeddings, keyed by model and passage text hash so that unchanged text is never
-- embedded twice and vectors of two models never mix in one ranking. The column has no fixed
-- dimension because the model decides it; queries always filter on `model`.
-- This migration runs only where the pgvector extension is installed.

CREATE TABLE IF NOT EXISTS __SCHEMA__.embeddings (
  model text NOT NULL,
  content_hash text NOT NULL,
  dimensions integer NOT NULL,
  embedding vector NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (model, content_hash)
);
