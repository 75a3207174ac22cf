-- PAI's PostgreSQL schema, part 1: the table of named queries that Orleans' ADO.NET providers read at start-up.
-- Orleans issues only the statements stored here; parameter names (@Name) and result column names are its contract.
-- Every statement in these files is idempotent: applying them again on a live database changes nothing.
CREATE TABLE IF NOT EXISTS orleansquery
(
    querykey  varchar(64)   NOT NULL,
    querytext varchar(8000) NOT NULL,
    CONSTRAINT orleansquery_key PRIMARY KEY (querykey)
);

-- Which PAI schema versions have been applied (informational; the scripts themselves are idempotent).
CREATE TABLE IF NOT EXISTS pai_schema_version
(
    version    integer     NOT NULL PRIMARY KEY,
    applied_at timestamptz NOT NULL DEFAULT now()
);
