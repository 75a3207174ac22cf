using Microsoft.Data.Sqlite;

namespace PAI.Storage.Sqlite;

/// <summary>One caller's write, queued for the group-commit writer.</summary>
internal abstract class SqliteWriteOperation
{
    /// <summary>Runs the write inside the batch transaction; throws to fail only this write.</summary>
    public abstract void Execute(SqliteConnection connection, SqliteTransaction transaction);

    /// <summary>True when the caller gave up before the write ran.</summary>
    public abstract bool IsCancellationRequested { get; }

    /// <summary>Marks the write as cancelled without running it.</summary>
    public abstract void Cancel();

    /// <summary>Remembers that the write's own check failed; reported once the batch is settled.</summary>
    public abstract void Fail(Exception exception);

    /// <summary>Completes the caller's task after the batch committed.</summary>
    public abstract void Complete();

    /// <summary>Fails the caller's task because the batch did not commit.</summary>
    public abstract void Abort(Exception exception);
}
