using PAI.Engine.Skills.Publishing;

namespace PAI.Engine.Tests.Skills.Publishing;

/// <summary>The all-or-nothing folder publish on the real file system: what a crash at each point leaves, and that
/// applying or withdrawing again after a crash changes nothing more.</summary>
public sealed class FolderPublisherTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "pai-publish-tests", Guid.NewGuid().ToString("N"));

    public FolderPublisherTests() => Directory.CreateDirectory(_root);

    private string Staged => Path.Combine(_root, "run", "staging", "post");

    private string Target => Path.Combine(_root, "site", "posts", "hello");

    public void Dispose()
    {
        try
        {
            Directory.Delete(_root, recursive: true);
        }
        catch (IOException)
        {
            // Best effort: a temp folder.
        }
    }

    [Fact]
    public void Apply_NewTarget_MovesTheWholeFolderInOneStep()
    {
        Stage("v1", 3);
        var intent = Prepare();

        FolderPublisher.Apply(intent);

        Assert.False(Directory.Exists(Staged));
        Assert.Equal(["v1", "v1", "v1"], Contents());
        Assert.Equal(["site/hello/0.txt", "site/hello/1.txt", "site/hello/2.txt"], FolderPublisher.Files(intent));
    }

    [Fact]
    public void Apply_CrashBeforeTheRename_LeavesNothingVisibleAndTheResumedApplyPublishes()
    {
        Stage("v1", 3);
        var intent = Prepare();

        // The intent was saved, then the process died: nothing is visible yet.
        Assert.False(Directory.Exists(Target));

        FolderPublisher.Apply(PublishIntent.FromJson(intent.ToJson()));
        Assert.Equal(["v1", "v1", "v1"], Contents());
    }

    [Fact]
    public void Apply_AgainAfterItHappened_ChangesNothing()
    {
        Stage("v1", 2);
        var intent = Prepare();
        FolderPublisher.Apply(intent);

        FolderPublisher.Apply(intent);

        Assert.Equal(["v1", "v1"], Contents());
    }

    [Fact]
    public void Apply_ExistingTarget_SwapsInTheNewFolderAndKeepsTheOldOneInStaging()
    {
        Stage("v1", 3);
        FolderPublisher.Apply(Prepare());
        Stage("v2", 2);
        var second = Prepare();

        FolderPublisher.Apply(second);
        FolderPublisher.Apply(second);

        Assert.True(second.Replaces);
        Assert.Equal(["v2", "v2"], Contents());
        Assert.Equal(3, Directory.GetFiles(Staged).Length);
    }

    [Fact]
    public void Withdraw_AfterAReplace_PutsTheOldFolderBackOnce()
    {
        Stage("v1", 3);
        FolderPublisher.Apply(Prepare());
        Stage("v2", 2);
        var second = Prepare();
        FolderPublisher.Apply(second);

        FolderPublisher.Withdraw(second);
        FolderPublisher.Withdraw(second);

        Assert.Equal(["v1", "v1", "v1"], Contents());
    }

    [Fact]
    public void Withdraw_AfterANewPublish_RemovesTheFolderFromTheSite()
    {
        Stage("v1", 3);
        var intent = Prepare();
        FolderPublisher.Apply(intent);

        FolderPublisher.Withdraw(intent);

        Assert.False(Directory.Exists(Target));
        Assert.Equal(3, Directory.GetFiles(intent.Withdrawn).Length);
    }

    [Fact]
    public void Withdraw_NeverApplied_ChangesNothing()
    {
        Stage("v1", 1);
        var intent = Prepare();

        FolderPublisher.Withdraw(intent);

        Assert.False(Directory.Exists(Target));
        Assert.True(Directory.Exists(Staged));
    }

    [Fact]
    public void Prepare_NothingStaged_Refuses()
    {
        var error = Assert.Throws<PAI.Abstractions.Tools.ToolException>(Prepare);

        Assert.Contains("nothing staged", error.Message, StringComparison.Ordinal);
    }

    private PublishIntent Prepare() =>
        FolderPublisher.Prepare(Staged, Target, Path.Combine(_root, "run", "replaced"), Path.Combine(_root, "run", "withdrawn"), "site/hello");

    private void Stage(string version, int files)
    {
        Directory.CreateDirectory(Staged);
        for (var i = 0; i < files; i++)
        {
            File.WriteAllText(Path.Combine(Staged, $"{i}.txt"), version);
        }
    }

    private string[] Contents() => Directory.GetFiles(Target).Order(StringComparer.Ordinal).Select(File.ReadAllText).ToArray();
}
