using PAI.Abstractions.Memory;

namespace PAI.Memory.Tests.Memories;

public sealed class MemoryScopeTests
{
    private const string Alphabet = "a&=%p/ é\n";

    [Fact]
    public void ToKey_RandomScopes_ParseBackEqualAndDistinct()
    {
        var random = new Random(3);
        string? Name() => random.Next(3) == 0 ? null : new string([.. Enumerable.Range(0, random.Next(1, 12)).Select(_ => Alphabet[random.Next(Alphabet.Length)])]);
        var keys = new Dictionary<string, MemoryScope>();
        for (var i = 0; i < 2000; i++)
        {
            var scope = new MemoryScope(Name() ?? "alice", Name(), Name(), Name());
            var key = scope.ToKey();

            Assert.Equal(scope, MemoryScope.FromKey(key));
            if (keys.TryGetValue(key, out var earlier))
            {
                Assert.Equal(earlier, scope);
            }

            keys[key] = scope;
        }
    }

    [Fact]
    public void Matches_FilterFields_MustAllBeEqual()
    {
        var memory = new MemoryScope("alice", "potter", "g1", "kiln");

        Assert.True(new MemoryScope("alice").Matches(memory));
        Assert.True(new MemoryScope("alice", Project: "kiln").Matches(memory));
        Assert.False(new MemoryScope("alice", Project: "garden").Matches(memory));
        Assert.False(new MemoryScope("bob").Matches(memory));
        Assert.False(new MemoryScope("alice", Agent: "potter").Matches(new MemoryScope("alice")));
        Assert.Equal(2, new MemoryScope("alice", "potter", null, "kiln").Overlap(memory));
    }
}
