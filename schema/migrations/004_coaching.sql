-- Per-call coaching metrics, stored so that a coaching report reads a small row per call instead
-- of parsing the call's transcript. A row is the output of computeCallMetrics
-- (src/coaching/call-metrics.ts) for one Gong call and one coached rep, who is identified by
-- the rep's transcript speaker ids (a JSON array, in party order).
--
-- `input_version` joins the content hashes of the call's interaction, `extensiveCalls` and
-- `callTranscripts` records with a hash of the metric code. A row whose version differs from
-- the current one is stale: the report recomputes it and overwrites the row.
--
-- `summary` is JSON with the metric values, the transcript coverage, and the magnitude and
-- start of each moment, about 1 KB. The moments themselves (about 10 KB a call) are not stored:
-- a report ranks the stored magnitudes and measures again only the few calls whose moments it
-- shows. The column is text, not jsonb, because a report reads it whole and parses it in
-- JavaScript, and jsonb would add a conversion to text on every read.
CREATE TABLE IF NOT EXISTS __SCHEMA__.coaching_call_metrics (
  interaction_id uuid NOT NULL REFERENCES __SCHEMA__.interactions (id) ON DELETE CASCADE,
  rep_speaker_ids text NOT NULL,
  input_version text NOT NULL,
  summary text NOT NULL,
  computed_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (interaction_id, rep_speaker_ids)
);
