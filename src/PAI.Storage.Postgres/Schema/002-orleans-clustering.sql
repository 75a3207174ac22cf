-- Membership (Orleans.Clustering.AdoNet). One version row per cluster (DeploymentId = ClusterId) is bumped by every
-- membership change, which is how Orleans gets optimistic concurrency over the whole table.
CREATE TABLE IF NOT EXISTS orleansmembershipversiontable
(
    deploymentid varchar(150) NOT NULL,
    timestamp    timestamptz(3) NOT NULL DEFAULT now(),
    version      integer NOT NULL DEFAULT 0,
    CONSTRAINT pk_orleansmembershipversiontable PRIMARY KEY (deploymentid)
);

CREATE TABLE IF NOT EXISTS orleansmembershiptable
(
    deploymentid varchar(150)   NOT NULL,
    address      varchar(45)    NOT NULL,
    port         integer        NOT NULL,
    generation   integer        NOT NULL,
    siloname     varchar(150)   NOT NULL,
    hostname     varchar(150)   NOT NULL,
    status       integer        NOT NULL,
    proxyport    integer        NULL,
    suspecttimes varchar(8000)  NULL,
    starttime    timestamptz(3) NOT NULL,
    iamalivetime timestamptz(3) NOT NULL,
    CONSTRAINT pk_orleansmembershiptable PRIMARY KEY (deploymentid, address, port, generation),
    CONSTRAINT fk_orleansmembershiptable_version FOREIGN KEY (deploymentid)
        REFERENCES orleansmembershipversiontable (deploymentid)
);

-- Inserts the cluster's version row if missing; returns 1 when inserted, 0 when it was already there.
CREATE OR REPLACE FUNCTION pai_membership_insert_version(p_deploymentid varchar)
RETURNS TABLE (row_count integer) LANGUAGE plpgsql AS $$
DECLARE n integer;
BEGIN
    INSERT INTO orleansmembershipversiontable (deploymentid) VALUES (p_deploymentid)
    ON CONFLICT (deploymentid) DO NOTHING;
    GET DIAGNOSTICS n = ROW_COUNT;
    RETURN QUERY SELECT n;
END $$;

-- Adds a silo row and bumps the table version, both or neither: the version must still be the one the caller read.
CREATE OR REPLACE FUNCTION pai_membership_insert(
    p_deploymentid varchar, p_address varchar, p_port integer, p_generation integer, p_siloname varchar,
    p_hostname varchar, p_status integer, p_proxyport integer, p_starttime timestamptz, p_iamalivetime timestamptz,
    p_version integer)
RETURNS TABLE (row_count integer) LANGUAGE plpgsql AS $$
DECLARE n integer;
BEGIN
    UPDATE orleansmembershipversiontable SET timestamp = now(), version = version + 1
    WHERE deploymentid = p_deploymentid AND version = p_version;
    GET DIAGNOSTICS n = ROW_COUNT;
    IF n = 0 THEN
        RETURN QUERY SELECT 0;
        RETURN;
    END IF;
    INSERT INTO orleansmembershiptable
        (deploymentid, address, port, generation, siloname, hostname, status, proxyport, starttime, iamalivetime)
    VALUES
        (p_deploymentid, p_address, p_port, p_generation, p_siloname, p_hostname, p_status, p_proxyport, p_starttime, p_iamalivetime)
    ON CONFLICT (deploymentid, address, port, generation) DO NOTHING;
    GET DIAGNOSTICS n = ROW_COUNT;
    IF n = 0 THEN
        -- Undo the version bump: raising rolls back this function's writes, the handler turns it into "false".
        RAISE EXCEPTION USING ERRCODE = 'P0001', MESSAGE = 'pai: membership row exists';
    END IF;
    RETURN QUERY SELECT 1;
EXCEPTION WHEN SQLSTATE 'P0001' THEN
    RETURN QUERY SELECT 0;
END $$;

-- Updates a silo row and bumps the table version, both or neither (same rule as insert).
CREATE OR REPLACE FUNCTION pai_membership_update(
    p_deploymentid varchar, p_address varchar, p_port integer, p_generation integer, p_status integer,
    p_suspecttimes varchar, p_iamalivetime timestamptz, p_version integer)
RETURNS TABLE (row_count integer) LANGUAGE plpgsql AS $$
DECLARE n integer;
BEGIN
    UPDATE orleansmembershipversiontable SET timestamp = now(), version = version + 1
    WHERE deploymentid = p_deploymentid AND version = p_version;
    GET DIAGNOSTICS n = ROW_COUNT;
    IF n = 0 THEN
        RETURN QUERY SELECT 0;
        RETURN;
    END IF;
    UPDATE orleansmembershiptable
    SET status = p_status, suspecttimes = p_suspecttimes, iamalivetime = p_iamalivetime
    WHERE deploymentid = p_deploymentid AND address = p_address AND port = p_port AND generation = p_generation;
    GET DIAGNOSTICS n = ROW_COUNT;
    IF n = 0 THEN
        RAISE EXCEPTION USING ERRCODE = 'P0001', MESSAGE = 'pai: membership row missing';
    END IF;
    RETURN QUERY SELECT 1;
EXCEPTION WHEN SQLSTATE 'P0001' THEN
    RETURN QUERY SELECT 0;
END $$;

INSERT INTO orleansquery (querykey, querytext) VALUES
('UpdateIAmAlivetimeKey', '
    UPDATE orleansmembershiptable SET iamalivetime = @IAmAliveTime
    WHERE deploymentid = @DeploymentId AND address = @Address AND port = @Port AND generation = @Generation;
'),
('InsertMembershipVersionKey', '
    SELECT row_count FROM pai_membership_insert_version(@DeploymentId);
'),
('InsertMembershipKey', '
    SELECT row_count FROM pai_membership_insert(@DeploymentId, @Address, @Port, @Generation, @SiloName, @HostName,
        @Status, @ProxyPort, @StartTime, @IAmAliveTime, @Version);
'),
('UpdateMembershipKey', '
    SELECT row_count FROM pai_membership_update(@DeploymentId, @Address, @Port, @Generation, @Status,
        @SuspectTimes, @IAmAliveTime, @Version);
'),
('MembershipReadRowKey', '
    SELECT v.deploymentid, m.address, m.port, m.generation, m.siloname, m.hostname, m.status, m.proxyport,
           m.suspecttimes, m.starttime, m.iamalivetime, v.version
    FROM orleansmembershipversiontable v
    LEFT JOIN orleansmembershiptable m ON m.deploymentid = v.deploymentid
        AND m.address = @Address AND m.port = @Port AND m.generation = @Generation
    WHERE v.deploymentid = @DeploymentId;
'),
('MembershipReadAllKey', '
    SELECT v.deploymentid, m.address, m.port, m.generation, m.siloname, m.hostname, m.status, m.proxyport,
           m.suspecttimes, m.starttime, m.iamalivetime, v.version
    FROM orleansmembershipversiontable v
    LEFT JOIN orleansmembershiptable m ON m.deploymentid = v.deploymentid
    WHERE v.deploymentid = @DeploymentId;
'),
('DeleteMembershipTableEntriesKey', '
    DELETE FROM orleansmembershiptable WHERE deploymentid = @DeploymentId;
    DELETE FROM orleansmembershipversiontable WHERE deploymentid = @DeploymentId;
'),
('GatewaysQueryKey', '
    SELECT address, proxyport, generation FROM orleansmembershiptable
    WHERE deploymentid = @DeploymentId AND status = @Status AND proxyport > 0;
'),
-- Removes rows of silos that are dead (status 6) and silent since before @IAmAliveTime.
('CleanupDefunctSiloEntriesKey', '
    DELETE FROM orleansmembershiptable
    WHERE deploymentid = @DeploymentId AND iamalivetime < @IAmAliveTime AND starttime < @IAmAliveTime
      AND COALESCE(suspecttimes, '''') = '''' AND status = 6;
'),
-- Removes one dead silo row, only if it is still exactly as the caller saw it.
('CleanupDefunctSiloEntryKey', '
    DELETE FROM orleansmembershiptable
    WHERE deploymentid = @DeploymentId AND status = 6
      AND address = @Address AND port = @Port AND generation = @Generation
      AND iamalivetime = @IAmAliveTime AND starttime = @StartTime
      AND COALESCE(suspecttimes, '''') = COALESCE(@SuspectTimes, '''');
')
ON CONFLICT (querykey) DO UPDATE SET querytext = excluded.querytext;
