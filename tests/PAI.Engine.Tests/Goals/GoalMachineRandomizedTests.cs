using System.Globalization;
using PAI.Abstractions.Goals;
using PAI.Abstractions.Steps;
using PAI.Engine.Goals;
using Xunit.Abstractions;

namespace PAI.Engine.Tests.Goals;

/// <summary>
/// Random DAGs (sizes, fan-in and fan-out, approvals, retries) driven by random commands in random orders, with
/// repeated and stray reports, cancels, approvals, time passing and watchdog ticks. After every transition the
/// machine's invariants are checked. A failure names its seed; rerun one seed with PAI_MACHINE_SEED=n.
/// </summary>
public sealed class GoalMachineRandomizedTests(ITestOutputHelper output)
{
    private const int Seeds = 400;

    [Fact]
    public void RandomGoals_RandomCommands_KeepEveryInvariant()
    {
        var only = Environment.GetEnvironmentVariable("PAI_MACHINE_SEED");
        var seeds = only is null ? Enumerable.Range(1, Seeds) : [int.Parse(only, CultureInfo.InvariantCulture)];
        var transitions = 0;
        foreach (var seed in seeds)
        {
            try
            {
                transitions += new Run(seed).Play();
            }
            catch (Exception ex)
            {
                throw new InvalidOperationException($"seed {seed} (rerun with PAI_MACHINE_SEED={seed}): {ex.Message}", ex);
            }
        }

        output.WriteLine($"{transitions} transitions checked");
    }

    private sealed class Run
    {
        private readonly Random _random;
        private readonly MachineHarness _goal;
        private readonly StepSpec[] _plan;
        private readonly Dictionary<string, StepStatus> _finalSteps = new(StringComparer.Ordinal);
        private readonly HashSet<string> _everDispatched = new(StringComparer.Ordinal);
        private GoalStatus? _finalGoal;
        private long _lastEvent;
        private int _firstNotices;
        private int _transitions;

        public Run(int seed)
        {
            _random = new Random(seed);
            _goal = new MachineHarness(MachineHarness.DefaultOptions(maxParallel: _random.Next(1, 9), notifyFinished: _random.Next(2) == 0));
            _plan = RandomPlan();
        }

        public int Play()
        {
            var submit = Apply(new SubmitGoal("g", "alice", new GoalSubmission("random", null, null, """{"n":1}""", new PlanSpec(_plan), null), "d", new PlanSpec(_plan)));
            Assert.Equal(GoalAnswer.Accepted, submit.Answer);
            Assert.IsType<ReserveIndex>(submit.Effects[0]);
            for (var i = 0; i < 40 * _plan.Length && !Settled(); i++)
            {
                Apply(RandomCommand());
            }

            // Liveness: finishing every running step and approving every waiting one ends the goal.
            for (var guard = 0; !_goal.State.Status.IsTerminal(); guard++)
            {
                Assert.True(guard < 10 * _plan.Length + 10, "the goal did not finish");
                var step = _goal.State.Steps.FirstOrDefault(s => s.Status is StepStatus.Running or StepStatus.WaitingForApproval)
                    ?? throw new InvalidOperationException("unfinished goal with no running or waiting step");
                Apply(step.Status == StepStatus.Running ? Outcome(step.Spec.Id, StepStatus.Succeeded) : new DecideApproval(step.Spec.Id, "op", true));
            }

            Assert.All(_goal.State.Steps, s => Assert.True(s.Status.IsTerminal()));
            Apply(new FinishedHandled());
            Assert.Equal(1, _firstNotices);
            Assert.True(_goal.State.FinishedHandled);
            return _transitions;
        }

        private bool Settled() => _goal.State.Status.IsTerminal() && _random.Next(4) == 0;

        private StepSpec[] RandomPlan()
        {
            var n = _random.Next(1, 41);
            var steps = new StepSpec[n];
            for (var i = 0; i < n; i++)
            {
                var fanIn = i == 0 ? 0 : _random.Next(0, Math.Min(i, 4) + 1);
                var deps = Enumerable.Range(0, fanIn).Select(_ => "s" + _random.Next(i).ToString(CultureInfo.InvariantCulture)).Distinct().ToArray();
                var with = deps.Length > 0 && _random.Next(3) == 0 ? $$"""{"from":"${steps.{{deps[0]}}.output.v}","n":"${inputs.n}"}""" : """{"v":1}""";
                var skill = _random.Next(6) == 0;
                steps[i] = new StepSpec(
                    "s" + i.ToString(CultureInfo.InvariantCulture),
                    skill ? null : "echo",
                    skill ? "write-note" : null,
                    with,
                    deps,
                    new RetrySpec(_random.Next(1, 4)),
                    Approval: _random.Next(7) == 0);
            }

            return steps;
        }

        private GoalCommand RandomCommand()
        {
            var steps = _goal.State.Steps;
            var any = steps[_random.Next(steps.Count)].Spec.Id;
            var running = steps.Where(s => s.Status == StepStatus.Running).Select(s => s.Spec.Id).ToList();
            var roll = _random.Next(100);
            return roll switch
            {
                < 45 when running.Count > 0 => Outcome(running[_random.Next(running.Count)], _random.Next(5) == 0 ? StepStatus.Failed : StepStatus.Succeeded),
                < 55 => Outcome(any, RandomStatus()),
                < 62 => new RecordStepAttempt(any, _random.Next(0, 4)),
                < 72 => new DecideApproval(any, "op", _random.Next(4) != 0),
                < 76 => AfterTimePasses(new ExpireApprovals()),
                < 84 => new WatchdogTick(),
                < 87 => new ResumeGoal(),
                < 88 => new CancelGoal("bob"),
                < 92 => new FinishedHandled(),
                _ => new SubmitGoal("g", "alice", new GoalSubmission("random", null, null, null, null, null), "d", null),
            };
        }

        private ExpireApprovals AfterTimePasses(ExpireApprovals command)
        {
            _goal.Now += TimeSpan.FromMinutes(_random.Next(0, 90));
            return command;
        }

        private StepStatus RandomStatus() => (StepStatus)_random.Next(0, 7);

        private RecordStepOutcome Outcome(string stepId, StepStatus status) =>
            new(new StepOutcome(stepId, status, 1, _goal.Now, _goal.Now, status == StepStatus.Succeeded ? """{"v":2}""" : null, status == StepStatus.Succeeded ? null : "no"));

        private GoalTransition Apply(GoalCommand command)
        {
            var before = _goal.State.Steps.ToDictionary(s => s.Spec.Id, s => s.Status, StringComparer.Ordinal);
            var goalBefore = _goal.State.Status;
            var transition = _goal.Apply(command);
            _transitions++;
            Check(command, transition, before, goalBefore);
            return transition;
        }

        private void Check(GoalCommand command, GoalTransition t, Dictionary<string, StepStatus> before, GoalStatus goalBefore)
        {
            var state = _goal.State;
            var what = $"after {command.GetType().Name} (transition {_transitions})";

            // Effects come after the write that enables them: the first effect persists (a new goal reserves its index row first).
            var effects = t.Effects.SkipWhile(e => e is ReserveIndex).ToList();
            Assert.True(effects.Count > 0 && effects[0] is PersistState, $"{what}: effects do not start with a persist: {string.Join(", ", t.Effects.Select(e => e.GetType().Name))}");
            Assert.Single(effects.OfType<PersistState>());
            var events = t.Events();
            Assert.True(events.Count == 0 || ((PersistState)effects[0]).Changed, $"{what}: events without a state write");

            // Events are numbered one by one across transitions.
            foreach (var e in events)
            {
                Assert.True(e.Sequence == _lastEvent + 1, $"{what}: event {e.Sequence} after {_lastEvent}");
                _lastEvent = e.Sequence;
            }

            Assert.Equal(_lastEvent, state.EventSequence);

            // A dispatched step is running in the state being persisted, and every dependency of it succeeded.
            foreach (var work in t.Dispatched())
            {
                var step = _goal.Step(work.StepId);
                Assert.True(step.Status == StepStatus.Running, $"{what}: dispatched {work.StepId} is {step.Status}");
                Assert.All(step.Spec.DependsOn, d => Assert.True(_goal.Step(d).Status == StepStatus.Succeeded, $"{what}: {work.StepId} started before {d} succeeded"));
                Assert.True(work.Tool is null == step.Spec.Skill is not null, $"{what}: tool-or-skill of {work.StepId}");
                _everDispatched.Add(work.StepId);
            }

            // Terminal step statuses never change; a step succeeds only after it was dispatched.
            foreach (var step in state.Steps)
            {
                if (_finalSteps.TryGetValue(step.Spec.Id, out var final))
                {
                    Assert.True(final == step.Status, $"{what}: terminal step {step.Spec.Id} went {final} -> {step.Status}");
                }
                else if (step.Status.IsTerminal())
                {
                    _finalSteps[step.Spec.Id] = step.Status;
                }

                Assert.True(step.Status != StepStatus.Succeeded || _everDispatched.Contains(step.Spec.Id), $"{what}: {step.Spec.Id} succeeded without running");
                Assert.True(step.Status != StepStatus.Running || before.GetValueOrDefault(step.Spec.Id) == StepStatus.Running || t.DispatchedIds().Contains(step.Spec.Id), $"{what}: {step.Spec.Id} running but not dispatched");
            }

            // The goal's terminal status never changes, and the goal is terminal exactly when every step is.
            if (_finalGoal is { } finalGoal)
            {
                Assert.True(finalGoal == state.Status, $"{what}: finished goal went {finalGoal} -> {state.Status}");
            }
            else if (state.Status.IsTerminal())
            {
                _finalGoal = state.Status;
            }

            Assert.True(state.Status.IsTerminal() == state.Steps.All(s => s.Status.IsTerminal()), $"{what}: goal {state.Status} with steps {string.Join(",", state.Steps.Select(s => s.Status))}");
            Assert.True(state.Status != GoalStatus.Succeeded || state.Steps.All(s => s.Status == StepStatus.Succeeded), $"{what}: succeeded goal with unsucceeded steps");
            Assert.True(state.Steps.Count(s => s.Status == StepStatus.Running) <= _goal.Options.MaxParallelSteps, $"{what}: more steps running than the bound");
            Assert.True(state.Status == GoalStatus.WaitingForApproval == (!state.Status.IsTerminal() && state.Steps.Any(s => s.Status == StepStatus.WaitingForApproval)), $"{what}: goal {state.Status} vs waiting steps");

            // The finish is announced once; the index shows it at once, with handlers pending until they took it.
            var notices = t.Effects.OfType<NotifyGoalFinished>().ToList();
            _firstNotices += notices.Count(n => !n.Redelivery);
            Assert.True(notices.Count == 0 || state.Status.IsTerminal(), $"{what}: finish announced for an unfinished goal");
            Assert.True(!notices.Any(n => !n.Redelivery) || !goalBefore.IsTerminal(), $"{what}: first announcement of an old finish");
            foreach (var update in t.Effects.OfType<UpdateIndex>())
            {
                Assert.Equal(state.Status, update.Entry.Status);
                Assert.True(update.Entry.HandlersPending == (state.Status.IsTerminal() && !state.FinishedHandled), $"{what}: index's handlers-pending flag wrong");
            }
        }
    }
}
