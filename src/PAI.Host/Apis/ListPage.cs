namespace PAI.Host.Apis;

/// <summary>Every list answer: one page of items and the cursor of the next page (null on the last).</summary>
public sealed record ListPage<T>(IReadOnlyList<T> Items, string? NextCursor);
