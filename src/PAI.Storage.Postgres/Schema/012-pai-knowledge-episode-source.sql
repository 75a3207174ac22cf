-- Episodes by kind and source: a note's extraction episodes (kind note.extraction, source the note's path) are looked
-- up on every extraction and reconcile of the notes folder, without scanning every episode of the principal.
CREATE INDEX IF NOT EXISTS ix_pai_kg_episodes_source ON pai_kg_episodes (service_id, principal, kind, source);

INSERT INTO pai_schema_version (version) VALUES (17) ON CONFLICT (version) DO NOTHING;
