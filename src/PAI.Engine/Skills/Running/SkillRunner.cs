using System.Text;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using PAI.Abstractions.Audit;
using PAI.Abstractions.Goals;
using PAI.Abstractions.Steps;
using PAI.Abstractions.Tools;
using PAI.Engine.Agents;
using PAI.Engine.Grains;
using PAI.Engine.Invocation;

namespace PAI.Engine.Skills.Running;

/// <summary>
/// Runs a skill step as a persisted state machine over its phases: Main (phases and verify checks) → Commit (publishes
/// and deferred effects) → Cleanup (always) → Done. Progress is saved through the host after every phase and every
/// <c>foreach</c> element, so a restart resumes at the phase it was in, under the same idempotency key
/// <c>{goal}/{step}/{phase}[/{i}]</c>. Files meant to leave the run are staged under <c>${run.staging}</c> and moved
/// into place only by the commit, after every check passed; cleanup removes the run's temp folder.
/// </summary>
public sealed partial class SkillRunner(
    ISkillCatalog skills,
    IAgentCatalog agents,
    IToolRegistry tools,
    IAuditStore audit,
    IOptions<EngineOptions> options,
    IEnumerable<IAgentRunner> agentRunners,
    ILogger<SkillRunner> logger)
{
    private readonly IAgentRunner? _agentRunner = agentRunners.LastOrDefault();

    /// <summary>Runs (or resumes) the skill of <paramref name="work"/>; the state lives in <paramref name="host"/>.
    /// Throws only when the host must stop (the run pauses where it is) or the caller cancelled while it stops.</summary>
    public async Task<StepResult> RunAsync(StepWork work, ISkillRunHost host, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(work);
        ArgumentNullException.ThrowIfNull(host);
        if (host.Run is null)
        {
            var started = SkillRunStart.Pin(work, skills, out var refusal);
            if (started is null)
            {
                return StepResult.Failed(refusal!);
            }

            host.Run = started;
            await host.SaveAsync();
        }

        var run = host.Run;
        SkillRunDefinition definition;
        try
        {
            definition = SkillRunDefinition.Load(run);
        }
        catch (FormatException ex)
        {
            return StepResult.Failed(ex.Message);
        }

        var agent = work.Agent ?? definition.Root.Agent ?? AgentDefinition.DefaultName;
        agents.TryGet(agent, out var persona);
        var workspace = options.Value.WorkspaceOf(work.GoalId);
        var phases = new SkillPhaseRunner(work, run, host, persona, agent, workspace, options.Value.SitesRoot, options.Value.SitesBaseUrl, tools, audit, _agentRunner, logger);
        var plan = definition.Plan;

        if (run.Stage is SkillStage.Main or SkillStage.Commit or SkillStage.VerifyPublished)
        {
            try
            {
                while (run.Stage == SkillStage.Main && run.Index < plan.Main.Count)
                {
                    await phases.RunMainItemAsync(plan.Main, run.Index, cancellationToken);
                }

                if (run.Stage == SkillStage.Main)
                {
                    MoveTo(run, SkillStage.Commit);
                    await host.SaveAsync();
                }

                while (run.Stage == SkillStage.Commit && run.Index < plan.Commit.Count)
                {
                    await phases.RunCommitItemAsync(plan.Commit[run.Index], cancellationToken);
                }

                if (run.Stage == SkillStage.Commit)
                {
                    MoveTo(run, SkillStage.VerifyPublished);
                    await host.SaveAsync();
                }

                while (run.Index < plan.VerifyPublished.Count)
                {
                    await phases.RunPublishedCheckAsync(plan.VerifyPublished[run.Index], cancellationToken);
                }

                var output = phases.BuildOutput(definition.Root.Output);
                var size = Encoding.UTF8.GetByteCount(output);
                if (size > options.Value.MaxStepOutputBytes)
                {
                    // The output goes into the goal's state: it has the same cap as a tool's output.
                    run.Failure = $"the skill's output of {size} bytes exceeds the limit of {options.Value.MaxStepOutputBytes} bytes";
                    run.FailureStatus = StepStatus.Failed;
                }
                else
                {
                    run.Output = output;
                }
            }
            catch (ApprovalPendingException pending)
            {
                // Paused at this phase, progress saved: the goal holds the step until a person decides.
                return new StepResult(StepStatus.WaitingForApproval, null, pending.Message);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested && !host.MustStop)
            {
                run.Failure = "cancelled";
                run.FailureStatus = StepStatus.Cancelled;
            }
            catch (Exception ex) when (ex is not OperationCanceledException and not AuditUnavailableException && !host.MustStop)
            {
                // Whatever went wrong (a tool, a template, a file move, a bug) fails the run with a reason; cleanup runs.
                run.Failure = $"phase '{phases.CurrentKey}': {ToolFailures.Describe(ex)}";
                run.FailureStatus = StepStatus.Failed;
            }

            MoveTo(run, SkillStage.Cleanup);
            await host.SaveAsync();
        }

        if (run.Stage == SkillStage.Cleanup)
        {
            if (run.Failure is not null && run.PublishIntents.Count > 0)
            {
                // A run that failed after its commit began takes its folders back: all-or-nothing across the run.
                phases.WithdrawPublishes(error => LogCleanupFailed(logger, work.GoalId, work.StepId, "withdraw", error));
            }

            // Cleanup is not cancellable: it runs after a cancel too, each phase under its own timeout.
            while (run.Index < plan.Cleanup.Count)
            {
                try
                {
                    await phases.RunCleanupItemAsync(plan.Cleanup[run.Index]);
                }
                catch (Exception ex) when (ex is not AuditUnavailableException && !host.MustStop)
                {
                    LogCleanupFailed(logger, work.GoalId, work.StepId, plan.Cleanup[run.Index].Key, ToolFailures.Describe(ex));
                }

                run.Index++;
                await host.SaveAsync();
            }

            SkillRunFolders.DeleteTemp(workspace, work.StepId, error => LogCleanupFailed(logger, work.GoalId, work.StepId, "temp", error));
            run.Stage = SkillStage.Done;
            await host.SaveAsync();
        }

        return run.Failure is null ? StepResult.Succeeded(run.Output) : new StepResult(run.FailureStatus, null, run.Failure);
    }

    private static void MoveTo(SkillRunState run, SkillStage stage)
    {
        run.Stage = stage;
        run.Index = 0;
        run.Item = 0;
    }
}
