using System.ComponentModel;

namespace PAI.Host.Apis.Models;

/// <summary>The one envelope of every list answer.</summary>
/// <typeparam name="T">The item type.</typeparam>
/// <param name="Items">This page, at most <c>limit</c> items.</param>
/// <param name="NextCursor">Pass as <c>cursor</c> for the next page; null on the last page.</param>
public sealed record Page<T>(
    [property: Description("This page: at most 'limit' items.")] IReadOnlyList<T> Items,
    [property: Description("Pass as 'cursor' to get the next page; null on the last page.")] string? NextCursor);
