using Microsoft.Data.Sqlite;

namespace PAI.Storage.Sqlite;

/// <summary>A queued write that produces a <typeparamref name="T"/> once committed.</summary>
internal sealed class SqliteWriteOperation<T>(
    Func<SqliteConnection, SqliteTransaction, T> write,
    CancellationToken cancellationToken) : SqliteWriteOperation
{
    private readonly TaskCompletionSource<T> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private T? _result;
    private Exception? _error;

    public Task<T> Task => _completion.Task;

    public override bool IsCancellationRequested => cancellationToken.IsCancellationRequested;

    public override void Execute(SqliteConnection connection, SqliteTransaction transaction)
    {
        _result = write(connection, transaction);
    }

    public override void Cancel() => _completion.TrySetCanceled(cancellationToken);

    public override void Fail(Exception exception) => _error = exception;

    public override void Complete()
    {
        if (_error is not null)
        {
            _completion.TrySetException(_error);
        }
        else
        {
            _completion.TrySetResult(_result!);
        }
    }

    public override void Abort(Exception exception) => _completion.TrySetException(exception);
}
