namespace PAI.Schedules.Tests;

public sealed class ScheduleGoalIdsTests
{
    [Fact]
    public void GoalIdOf_SameScheduleAndFireTime_IsTheSameIdWithTheSchedulesPrefix()
    {
        var schedule = ScheduleGoalIds.NewScheduleId();
        var fire = new DateTimeOffset(2025, 6, 1, 12, 0, 2, TimeSpan.Zero);

        var id = ScheduleGoalIds.GoalIdOf(schedule, fire);

        Assert.Equal(id, ScheduleGoalIds.GoalIdOf(schedule, fire.ToOffset(TimeSpan.FromHours(2))));
        Assert.Equal(ScheduleGoalIds.PrefixOf(schedule) + "20250601T120002Z", id);
        Assert.NotEqual(id, ScheduleGoalIds.GoalIdOf(schedule, fire.AddSeconds(2)));
        Assert.Equal(ScheduleGoalIds.DigestOf(schedule, fire), ScheduleGoalIds.DigestOf(schedule, fire));
        Assert.True(id.Length <= 100);
    }

    [Fact]
    public void IsScheduleId_OnlyWellFormedIds()
    {
        Assert.True(ScheduleGoalIds.IsScheduleId(ScheduleGoalIds.NewScheduleId()));
        Assert.True(ScheduleGoalIds.IsScheduleId(ScheduleGoalIds.ScheduleIdFor("alice", "key-1")));
        Assert.False(ScheduleGoalIds.IsScheduleId("s_" + new string('A', 32)));
        Assert.False(ScheduleGoalIds.IsScheduleId("g_0123"));
        Assert.False(ScheduleGoalIds.IsScheduleId(new string('s', 5000)));
    }
}
