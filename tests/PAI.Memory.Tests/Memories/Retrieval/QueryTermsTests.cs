using PAI.Memory.Memories.Retrieval;

namespace PAI.Memory.Tests.Memories.Retrieval;

public sealed class QueryTermsTests
{
    [Fact]
    public void Of_Question_KeepsContentWordsOnceLowerCased()
    {
        Assert.Equal(["caroline", "go", "lgbtq", "support", "group"], QueryTerms.Of("When did Caroline go to the LGBTQ support group? Caroline!"));
    }

    [Fact]
    public void Of_OnlyStopWords_KeepsThem()
    {
        Assert.Equal(["what", "is", "it"], QueryTerms.Of("What is it?"));
    }

    [Fact]
    public void Of_HostileInput_IsBoundedAndHasNoSyntax()
    {
        var terms = QueryTerms.Of(string.Concat(Enumerable.Range(0, 10_000).Select(i => $"\"w{i}\" OR NEAR(* ")) + new string('x', 100_000));

        Assert.Equal(QueryTerms.MaxTerms, terms.Count);
        Assert.All(terms, t => Assert.True(t.Length <= QueryTerms.MaxTermLength && t.All(char.IsLetterOrDigit)));
    }

    [Fact]
    public void Of_NonAsciiLetters_AreWords()
    {
        Assert.Equal(["café", "münchen", "東京"], QueryTerms.Of("Café in München, 東京"));
    }
}
