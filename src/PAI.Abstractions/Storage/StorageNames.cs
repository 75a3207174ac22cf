namespace PAI.Abstractions.Storage;

/// <summary>Names of the Orleans storage providers PAI registers.</summary>
public static class StorageNames
{
    /// <summary>The grain storage provider every PAI grain uses.</summary>
    public const string Grains = "pai";
}
