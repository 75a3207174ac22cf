namespace PAI.Storage.Sqlite;

internal static class Placeholder;
