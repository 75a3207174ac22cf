namespace PAI.Host.Faults;

/// <summary>Why PAI cannot store what a request asks it to.</summary>
public enum StorageFaultKind
{
    /// <summary>The disk under the store or the data folder is full (ENOSPC, EDQUOT, SQLite FULL, PostgreSQL 53100): 507.</summary>
    DiskFull,

    /// <summary>The store or the data folder accepts no writes (EROFS, permissions, SQLite READONLY, PostgreSQL 25006): 503.</summary>
    ReadOnly,

    /// <summary>The database does not answer, or answers "not now" (connection lost, shutting down, starting up, timeout): 503.</summary>
    Unavailable,
}
