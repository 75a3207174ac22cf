using PAI.Memory.Memories;

namespace PAI.Memory.Tests.Memories;

public sealed class MemoryDocumentTests
{
    [Fact]
    public void Of_Text_PutsTheDayInWordsFirst()
    {
        Assert.Equal("[8 May 2023] Caroline: I went to a support group", MemoryDocument.Of("Caroline: I went to a support group", new DateTimeOffset(2023, 5, 8, 13, 56, 0, TimeSpan.FromHours(2))));
    }
}
