namespace PAI.Abstractions.Storage;

/// <summary>Names of the storage providers grains refer to in <c>[PersistentState(stateName, storageName)]</c>.</summary>
public static class StorageNames
{
    /// <summary>The grain storage provider that holds goal and step state.</summary>
    public const string Grains = "pai";
}
