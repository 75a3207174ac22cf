namespace PAI.Memory.WriteBack;

/// <summary>Something recalled for a goal: a memory (<c>m_...</c>) or a current fact (<c>f_...</c>, as "subject predicate object"), with its fused score.</summary>
public sealed record RecalledItem(string Id, string Text, double Score, string Kind);
