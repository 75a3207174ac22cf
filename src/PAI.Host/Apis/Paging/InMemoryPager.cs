using PAI.Host.Apis.Models;

namespace PAI.Host.Apis.Paging;

/// <summary>Pages a list held in memory (tools, skills, agents, GPUs) by a unique string key, in ordinal key order.</summary>
public static class InMemoryPager
{
    /// <summary>The page of <paramref name="items"/> after <paramref name="query"/>'s cursor, as views.</summary>
    public static Page<TView> Page<TItem, TView>(IEnumerable<TItem> items, Func<TItem, string> key, PageQuery query, string list, Func<TItem, TView> view)
    {
        var after = query.After?[0];
        var page = items
            .Select(item => (Key: key(item), Item: item))
            .Where(x => after is null || string.CompareOrdinal(x.Key, after) > 0)
            .OrderBy(x => x.Key, StringComparer.Ordinal)
            .Take(query.Limit + 1)
            .ToList();
        var next = page.Count > query.Limit ? PageCursor.Encode(list, page[query.Limit - 1].Key) : null;
        return new Page<TView>(page.Take(query.Limit).Select(x => view(x.Item)).ToList(), next);
    }
}
