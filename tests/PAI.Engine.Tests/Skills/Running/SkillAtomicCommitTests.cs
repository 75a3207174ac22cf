using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using PAI.Abstractions.Audit;
using PAI.Abstractions.Goals;
using PAI.Abstractions.Steps;
using PAI.Abstractions.Tools;
using PAI.Engine.Agents;
using PAI.Engine.Invocation;
using PAI.Engine.Skills;
using PAI.Engine.Skills.Running;
using PAI.Engine.Tests.Testing;

namespace PAI.Engine.Tests.Skills.Running;

/// <summary>A skill whose commit publishes a folder into a site as one unit, then checks what it published: a passing
/// check keeps the folder, a failing one takes it back, and a run resumed mid-commit publishes it exactly once.</summary>
[Collection(EngineClusterCollection.Name)]
public sealed class SkillAtomicCommitTests(EngineClusterFixture fixture) : IDisposable
{
    private const string Template = """
        name: folder-post
        description: Stages two files and publishes them as one folder of a site.
        inputs:
          type: object
          properties: { expect: { type: integer } }
        phases:
          - id: a
            tool: file.write
            with: { path: "${run.staging}/post/index.html", content: "<h1>hi</h1>" }
          - id: b
            tool: file.write
            with: { path: "${run.staging}/post/img/1.png", content: "png" }
        commit:
          - id: post
            publish: { from: post, site: blog, to: "posts/hello", atomic: true }
        verifyPublished:
          - id: both
            count: { value: "${published}", equals: "${inputs.expect}" }
        """;

    private readonly string _skills = Path.Combine(Path.GetTempPath(), "pai-atomic-tests", Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        try
        {
            Directory.Delete(_skills, recursive: true);
        }
        catch (IOException)
        {
            // Best effort: a temp folder.
        }
    }

    private EngineOptions Options => fixture.Services.GetRequiredService<IOptions<EngineOptions>>().Value;

    [Fact]
    public async Task RunAsync_PublishedCheckPasses_TheWholeFolderIsOnTheSiteAndNothingIsLeftInTheWorkspace()
    {
        var (work, host) = Start("""{"expect":2}""");

        var result = await Runner().RunAsync(work, host, CancellationToken.None);

        Assert.True(result.Status == StepStatus.Succeeded, result.Error);
        var target = Target(work);
        Assert.Equal("<h1>hi</h1>", await File.ReadAllTextAsync(Path.Combine(target, "index.html")));
        Assert.True(File.Exists(Path.Combine(target, "img", "1.png")));
        Assert.Equal([$"sites/blog/{Slug(work)}/img/1.png", $"sites/blog/{Slug(work)}/index.html"], host.Run!.Published.Order(StringComparer.Ordinal));
        Assert.False(Directory.Exists(Path.Combine(Options.WorkspaceOf(work.GoalId), ".runs")));
    }

    [Fact]
    public async Task RunAsync_PublishedCheckFails_WithdrawsTheFolderFailsAndCleansUp()
    {
        var (work, host) = Start("""{"expect":3}""");

        var result = await Runner().RunAsync(work, host, CancellationToken.None);

        Assert.Equal(StepStatus.Failed, result.Status);
        Assert.Contains("verify 'both' (after the commit) failed", result.Error, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Target(work)));
        Assert.Empty(host.Run!.Published);
        Assert.False(Directory.Exists(Path.Combine(Options.WorkspaceOf(work.GoalId), ".runs")));
    }

    [Fact]
    public async Task RunAsync_ResumedAfterTheRenameButBeforeTheStateWrite_PublishesOnceAndSucceeds()
    {
        var (work, host) = Start("""{"expect":2}""");
        var crashed = new CrashAfterIntentHost(host);

        // First run: dies right after the intent is saved, then the rename happens "in the dead process".
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Runner().RunAsync(work, crashed, CancellationToken.None));
        Assert.False(Directory.Exists(Target(work)));
        var intent = PAI.Engine.Skills.Publishing.PublishIntent.FromJson(host.Run!.PublishIntents["post"]);
        PAI.Engine.Skills.Publishing.FolderPublisher.Apply(intent);

        var result = await Runner().RunAsync(work, host, CancellationToken.None);

        Assert.True(result.Status == StepStatus.Succeeded, result.Error);
        Assert.Equal(2, Directory.GetFiles(Target(work), "*", SearchOption.AllDirectories).Length);
    }

    [Fact]
    public async Task RunAsync_StagingHoldsAWriteAKillInterrupted_TheTemporaryFileIsNotPublished()
    {
        var (work, host) = Start("""{"expect":2}""");
        var staged = Path.Combine(Options.WorkspaceOf(work.GoalId), ".runs", "s", "staging", "post");
        Directory.CreateDirectory(staged);
        var leftover = AtomicFile.TempPathFor(Path.Combine(staged, "index.html"));
        await File.WriteAllTextAsync(leftover, "<h1>h");

        var result = await Runner().RunAsync(work, host, CancellationToken.None);

        Assert.True(result.Status == StepStatus.Succeeded, result.Error);
        Assert.Equal(["1.png", "index.html"], Directory.GetFiles(Target(work), "*", SearchOption.AllDirectories).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        Assert.Equal(2, host.Run!.Published.Count);
    }

    private string Slug(StepWork work) => $"posts/{work.GoalId}";

    private string Target(StepWork work) => Path.Combine(Options.SitesRoot, "blog", "posts", work.GoalId);

    private (StepWork Work, MemoryRunHost Host) Start(string inputs)
    {
        var work = new StepWork(Testing.Goals.NewId(), "s", null, inputs, new RetrySpec(1), null, "tester", null, "folder-post");
        return (work, new MemoryRunHost(fixture.Services.GetRequiredService<ToolInvoker>()));
    }

    private SkillRunner Runner()
    {
        Directory.CreateDirectory(_skills);

        // One post folder per goal, so the tests sharing the silo's sites folder do not meet.
        File.WriteAllText(Path.Combine(_skills, "folder-post.yaml"), Template.Replace("posts/hello", "posts/${goal.id}", StringComparison.Ordinal));
        var catalog = new SkillCatalog(Microsoft.Extensions.Options.Options.Create(new EngineOptions { DataDirectory = Options.DataDirectory, SkillsDirectory = _skills }), NullLogger<SkillCatalog>.Instance);
        return new SkillRunner(
            catalog,
            fixture.Services.GetRequiredService<IAgentCatalog>(),
            fixture.Services.GetRequiredService<IToolRegistry>(),
            fixture.Services.GetRequiredService<IAuditStore>(),
            fixture.Services.GetRequiredService<IOptions<EngineOptions>>(),
            fixture.Services.GetServices<IAgentRunner>(),
            NullLogger<SkillRunner>.Instance);
    }

    /// <summary>Stops the run (as a kill would) at the first save that holds a publish intent.</summary>
    private sealed class CrashAfterIntentHost(MemoryRunHost inner) : ISkillRunHost
    {
        public SkillRunState? Run { get => inner.Run; set => inner.Run = value; }

        public bool MustStop { get; private set; }

        public IStepCheckpoint Checkpoint => inner.Checkpoint;

        public Task SaveAsync()
        {
            if (inner.Run is { PublishIntents.Count: > 0 })
            {
                MustStop = true;
                throw new OperationCanceledException("killed after the intent was saved");
            }

            return inner.SaveAsync();
        }

        public Task<ToolResult> InvokeAsync(ToolInvocation invocation, CancellationToken cancellationToken) => inner.InvokeAsync(invocation, cancellationToken);
    }
}
