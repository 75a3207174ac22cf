using PAI.Abstractions.Knowledge;
using PAI.Memory.Graph;

namespace PAI.Memory.Tests.Graph;

/// <summary>Name normalisation and the lexical guard of merging by similarity.</summary>
public sealed class EntityNamesTests
{
    [Theory]
    [InlineData("  The  Kiln-Controller! ", "kiln controller")]
    [InlineData("Zoë's Café", "zoe s cafe")]
    [InlineData("AT&T", "at&t")]
    [InlineData("C#", "c#")]
    [InlineData("THE", "the")]
    public void Normalise_FreeFormNames_FoldCaseAccentsPunctuationAndArticle(string name, string key) => Assert.Equal(key, EntityKeys.Normalise(name));

    [Fact]
    public void For_SystemTypes_AreKeyedUnderTheirType()
    {
        Assert.Equal("tool:file.write", EntityKeys.For(" File.Write ", "tool"));
        Assert.Equal("kiln", EntityKeys.For("Kiln", "project"));
    }

    [Theory]
    [InlineData("Acme Corporation", "Acme Corp", true)]
    [InlineData("New York City", "NYC", true)]
    [InlineData("VS Code", "Visual Studio Code", true)]
    [InlineData("Mount Everest", "Mt. Everest", true)]
    [InlineData("Dr. Jane Doe", "Jane Doe", true)]
    [InlineData("Chapter 1", "Chapter 2", false)]
    [InlineData("iPhone 14", "iPhone 15", false)]
    [InlineData("John Smith", "Jane Smith", false)]
    [InlineData("Saint Louis", "Saint Paul", false)]
    [InlineData("Austria", "Australia", false)]
    [InlineData("grandmother", "grandfather", false)]
    public void NamesCompatible_RefusesSwappedWordsAndNumbers(string a, string b, bool compatible)
    {
        Assert.Equal(compatible, EntityMatcher.NamesCompatible(a, b));
        Assert.Equal(compatible, EntityMatcher.NamesCompatible(b, a));
    }

    [Fact]
    public void FindMatch_PicksTheMostSimilarOlderCompatibleEntity()
    {
        var t = DateTimeOffset.UnixEpoch;
        var candidate = new EntityVector("e_new", "Acme Corp", "organisation", t.AddDays(2), [1f, 0f]);
        var older = new EntityVector("e_old", "Acme Corporation", "organisation", t, [0.99f, 0.141f]);
        var newer = new EntityVector("e_newer", "Acme Corporation", null, t.AddDays(3), [1f, 0f]);
        var otherType = new EntityVector("e_type", "Acme Corp.", "person", t, [1f, 0f]);

        Assert.Equal("e_old", EntityMatcher.FindMatch(candidate, [older, newer, otherType], 0.9)?.Id);
        Assert.Null(EntityMatcher.FindMatch(candidate, [older], 0.995));
        Assert.Null(EntityMatcher.FindMatch(candidate with { Type = "tool" }, [older], 0.5));
    }
}
