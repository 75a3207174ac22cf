-- Grain state (Orleans.Persistence.AdoNet). Orleans identifies a row by:
--   serviceid              ClusterOptions.ServiceId
--   graintypestring        the *state name* given to [PersistentState(stateName, ...)] (Orleans passes the state name
--                          where older versions passed the grain type), with graintypehash its hash
--   grainidn0, grainidn1   the numeric parts of a Guid or integer key (0, 0 for a string key such as PAI's)
--   grainidextensionstring the string key (or the key extension), e.g. "g_123" for goal/g_123, "g_123/step" for
--                          steprun/g_123/step
--   grainidhash            a hash of the key bytes
-- version is the ETag: 1 on insert, +1 on each write; a write whose version does not match changes nothing, and
-- Orleans turns that into InconsistentStateException.
CREATE TABLE IF NOT EXISTS orleansstorage
(
    grainidhash            integer      NOT NULL,
    grainidn0              bigint       NOT NULL,
    grainidn1              bigint       NOT NULL,
    graintypehash          integer      NOT NULL,
    graintypestring        varchar(512) NOT NULL,
    grainidextensionstring varchar(512) NULL,
    serviceid              varchar(150) NOT NULL,
    payloadbinary          bytea        NULL,
    modifiedon             timestamp    NOT NULL,
    version                integer      NULL
);

CREATE INDEX IF NOT EXISTS ix_orleansstorage ON orleansstorage USING btree (grainidhash, graintypehash);

-- PAI deletes a goal's rows by key prefix (PostgresGoalIndex.DeleteGoalAsync); byte order makes the range exact.
CREATE INDEX IF NOT EXISTS ix_orleansstorage_pai_key
    ON orleansstorage (serviceid, grainidextensionstring COLLATE "C");

-- Writes a state row: insert when the caller has no version (fails if a row exists), otherwise update when the
-- stored version equals the caller's. Returns the new version, or the caller's version unchanged when nothing was
-- written (Orleans reads "unchanged" as an ETag conflict).
CREATE OR REPLACE FUNCTION pai_storage_write(
    p_grainidhash integer, p_grainidn0 bigint, p_grainidn1 bigint, p_graintypehash integer,
    p_graintypestring varchar, p_grainidextensionstring varchar, p_serviceid varchar, p_version integer,
    p_payloadbinary bytea)
RETURNS TABLE (newgrainstateversion integer) LANGUAGE plpgsql AS $$
DECLARE n integer;
BEGIN
    IF p_version IS NOT NULL THEN
        UPDATE orleansstorage
        SET payloadbinary = p_payloadbinary, modifiedon = (now() AT TIME ZONE 'utc'), version = version + 1
        WHERE grainidhash = p_grainidhash AND graintypehash = p_graintypehash
          AND grainidn0 = p_grainidn0 AND grainidn1 = p_grainidn1
          AND graintypestring = p_graintypestring
          AND grainidextensionstring IS NOT DISTINCT FROM p_grainidextensionstring
          AND serviceid = p_serviceid
          AND version = p_version;
        GET DIAGNOSTICS n = ROW_COUNT;
        RETURN QUERY SELECT CASE WHEN n > 0 THEN p_version + 1 ELSE p_version END;
        RETURN;
    END IF;

    -- Two activations inserting the same new row at once (split brain): the lock makes exactly one of them win.
    PERFORM pg_advisory_xact_lock(p_grainidhash);
    INSERT INTO orleansstorage
        (grainidhash, grainidn0, grainidn1, graintypehash, graintypestring, grainidextensionstring, serviceid,
         payloadbinary, modifiedon, version)
    SELECT p_grainidhash, p_grainidn0, p_grainidn1, p_graintypehash, p_graintypestring, p_grainidextensionstring,
           p_serviceid, p_payloadbinary, (now() AT TIME ZONE 'utc'), 1
    WHERE NOT EXISTS (
        SELECT 1 FROM orleansstorage
        WHERE grainidhash = p_grainidhash AND graintypehash = p_graintypehash
          AND grainidn0 = p_grainidn0 AND grainidn1 = p_grainidn1
          AND graintypestring = p_graintypestring
          AND grainidextensionstring IS NOT DISTINCT FROM p_grainidextensionstring
          AND serviceid = p_serviceid);
    GET DIAGNOSTICS n = ROW_COUNT;
    RETURN QUERY SELECT CASE WHEN n > 0 THEN 1 ELSE NULL END;
END $$;

INSERT INTO orleansquery (querykey, querytext) VALUES
('WriteToStorageKey', '
    SELECT newgrainstateversion FROM pai_storage_write(@GrainIdHash, @GrainIdN0, @GrainIdN1, @GrainTypeHash,
        @GrainTypeString, @GrainIdExtensionString, @ServiceId, @GrainStateVersion, @PayloadBinary);
'),
('ReadFromStorageKey', '
    SELECT payloadbinary, (now() AT TIME ZONE ''utc''), version
    FROM orleansstorage
    WHERE grainidhash = @GrainIdHash AND graintypehash = @GrainTypeHash
      AND grainidn0 = @GrainIdN0 AND grainidn1 = @GrainIdN1
      AND graintypestring = @GrainTypeString
      AND grainidextensionstring IS NOT DISTINCT FROM @GrainIdExtensionString
      AND serviceid = @ServiceId;
'),
('ClearStorageKey', '
    UPDATE orleansstorage SET payloadbinary = NULL, version = version + 1
    WHERE grainidhash = @GrainIdHash AND graintypehash = @GrainTypeHash
      AND grainidn0 = @GrainIdN0 AND grainidn1 = @GrainIdN1
      AND graintypestring = @GrainTypeString
      AND grainidextensionstring IS NOT DISTINCT FROM @GrainIdExtensionString
      AND serviceid = @ServiceId
      AND version = @GrainStateVersion
    RETURNING version AS newgrainstateversion;
'),
('DeleteStorageKey', '
    DELETE FROM orleansstorage
    WHERE grainidhash = @GrainIdHash AND graintypehash = @GrainTypeHash
      AND grainidn0 = @GrainIdN0 AND grainidn1 = @GrainIdN1
      AND graintypestring = @GrainTypeString
      AND grainidextensionstring IS NOT DISTINCT FROM @GrainIdExtensionString
      AND serviceid = @ServiceId
      AND version = @GrainStateVersion
    RETURNING version + 1 AS newgrainstateversion;
')
ON CONFLICT (querykey) DO UPDATE SET querytext = excluded.querytext;
