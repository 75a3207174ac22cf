using System.Runtime.CompilerServices;
using PAI.Abstractions.Goals;
using PAI.Abstractions.Steps;
using PAI.Engine.Grains;
using PAI.Engine.Skills;

namespace PAI.Engine.Tests.Fixtures;

/// <summary>
/// The step-run states checked in under <c>Fixtures/step-run</c>, as the grain storage of layout version 1 wrote them
/// (Orleans' binary serializer, the bytes the SQLite and PostgreSQL providers store). They are history: a later layout
/// adds its own files and keeps these, and every later build must load and resume them.
/// </summary>
internal static class StepRunFixtures
{
    /// <summary>A plain <c>wait</c> step whose first attempt stored its deadline and then died.</summary>
    public const string WaitStep = "v1-wait-step.bin";

    /// <summary>A <c>write-note</c> skill step that staged its note and died before its verify check.</summary>
    public const string SkillAtVerify = "v1-skill-at-verify.bin";

    /// <summary>The goal of <see cref="WaitStep"/>.</summary>
    public const string WaitGoal = "gfixture-wait";

    /// <summary>The goal of <see cref="SkillAtVerify"/>.</summary>
    public const string SkillGoal = "gfixture-skill";

    /// <summary>When the fixtures' runs started.</summary>
    public static readonly DateTimeOffset StartedAt = new(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>The text of <c>write-note</c> as the skill run pinned it.</summary>
    public const string WriteNoteText = """
        name: write-note
        version: "2"
        description: Writes a markdown note into the goal's workspace (notes/<name>.md), verified before it is published.
        inputs:
          type: object
          required: [name, body]
          properties:
            name: { type: string, pattern: "^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$" }
            body: { type: string }
        phases:
          - id: save
            tool: file.write
            with:
              path: "${run.staging}/note.md"
              content: "${inputs.body}"
        verify:
          - id: saved
            fileExists: "${run.staging}/note.md"
        commit:
          - publish: { from: note.md, to: "notes/${inputs.name}.md" }
        output:
          path: "notes/${inputs.name}.md"
          bytes: "${phases.save.bytes}"
        """;

    /// <summary>The states the fixtures hold, by file name (what the generator writes and the load tests expect).</summary>
    public static IReadOnlyDictionary<string, StepRunState> States { get; } = new Dictionary<string, StepRunState>
    {
        [WaitStep] = new()
        {
            Version = 1,
            Revision = 2,
            WriterId = "fixture-writer",
            Work = new StepWork(WaitGoal, "nap", "wait", """{"for":"1h"}""", new RetrySpec(3, TimeSpan.FromMilliseconds(200)), null, "tester", "default"),
            Attempts = 1,
            StartedAt = StartedAt,
            Checkpoint = { ["deadline"] = "2025-01-01T00:00:01.0000000+00:00" },
        },
        [SkillAtVerify] = new()
        {
            Version = 1,
            Revision = 4,
            WriterId = "fixture-writer",
            Work = new StepWork(SkillGoal, "note", "", """{"name":"n1","body":"from the plan"}""", RetrySpec.Default, null, "tester", null, "write-note"),
            Attempts = 1,
            StartedAt = StartedAt,
            Skill = new SkillRunState
            {
                Version = 1,
                Skill = "write-note",
                SkillVersion = "2",
                Sources = { ["write-note"] = WriteNoteText },
                Stage = SkillStage.Main,
                Index = 1,
                Outputs = { ["save"] = """{"path":".runs/note/staging/note.md","bytes":13}""" },
                Inputs = """{"name":"n1","body":"from the plan"}""",
            },
        },
    };

    /// <summary>Where the checked-in files are copied for the test run.</summary>
    public static string PathOf(string name) => Path.Combine(AppContext.BaseDirectory, "Fixtures", "step-run", name);

    /// <summary>Where the files live in the source tree (for the generator).</summary>
    public static string SourcePathOf(string name, [CallerFilePath] string here = "") => Path.Combine(Path.GetDirectoryName(here)!, "step-run", name);
}
