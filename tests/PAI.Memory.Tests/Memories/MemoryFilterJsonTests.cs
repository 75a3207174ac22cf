using System.Text.Json.Nodes;
using PAI.Abstractions.Memory;
using PAI.Memory.Memories;

namespace PAI.Memory.Tests.Memories;

public sealed class MemoryFilterJsonTests
{
    [Fact]
    public void Read_FullFilter_GivesConditionsAndWindow()
    {
        var errors = new List<MemoryError>();

        var filter = MemoryFilterJson.Read(JsonNode.Parse("""{"metadata":{"speaker":"Caroline","n":[1,2]},"occurredAfter":"2023-05-08T00:00:00Z","occurredBefore":"2023-06-01T00:00:00+02:00"}"""), "$.filter", errors);

        Assert.Empty(errors);
        Assert.Equal(2, filter!.Metadata.Count);
        Assert.Equal(["\"Caroline\""], filter.Metadata[0].AnyOf);
        Assert.Equal(["1", "2"], filter.Metadata[1].AnyOf);
        Assert.Equal(new DateTimeOffset(2023, 5, 8, 0, 0, 0, TimeSpan.Zero), filter.OccurredAfter);
        Assert.Equal(new DateTimeOffset(2023, 5, 31, 22, 0, 0, TimeSpan.Zero), filter.OccurredBefore);
    }

    [Fact]
    public void Read_BadFields_NameEachPath()
    {
        var errors = new List<MemoryError>();

        MemoryFilterJson.Read(JsonNode.Parse("""{"metadata":{"bad key":1,"o":{"x":1},"e":[]},"occurredAfter":"yesterday","extra":1}"""), "$.filter", errors);

        Assert.Equal(["$.filter.metadata.bad key", "$.filter.metadata.o", "$.filter.metadata.e", "$.filter.occurredAfter", "$.filter.extra"], errors.Select(e => e.Path));
    }
}
