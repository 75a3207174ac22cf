using PAI.Abstractions.Principals;
using PAI.Abstractions.Storage;
using PAI.Principals.Quotas;

namespace PAI.Principals.Tests;

public sealed class QuotaPolicyTests
{
    [Fact]
    public void Evaluate_NoLimits_AdmitsWhateverTheUsage()
    {
        Assert.Null(QuotaPolicy.Evaluate("p", QuotaLimits.None, new PrincipalUsage(1_000, 1_000_000), 50));
    }

    [Theory]
    [InlineData(2, 0, true)]
    [InlineData(1, 0, false)]
    [InlineData(1, 1, true)]
    [InlineData(0, 2, true)]
    [InlineData(0, 1, false)]
    public void Evaluate_RunningGoals_CountsPendingAdmissions(int unfinished, int pending, bool refused)
    {
        var refusal = QuotaPolicy.Evaluate("p", new QuotaLimits(MaxRunningGoals: 2), new PrincipalUsage(unfinished, 0), pending);

        Assert.Equal(refused, refusal is not null);
        if (refusal is not null)
        {
            Assert.Equal("runningGoals", refusal.Quota);
        }
    }

    [Theory]
    [InlineData(9, false)]
    [InlineData(10, true)]
    [InlineData(15, true)]
    public void Evaluate_StepsPerHour_RefusesAtOrOverTheLimit(long recentSteps, bool refused)
    {
        var refusal = QuotaPolicy.Evaluate("p", new QuotaLimits(MaxStepsPerHour: 10), new PrincipalUsage(0, recentSteps), 0);

        Assert.Equal(refused, refusal?.Quota == "stepsPerHour");
    }

    [Fact]
    public void For_PrincipalEntry_ReplacesTheDefault()
    {
        var options = new QuotaOptions
        {
            Default = new QuotaLimitOptions { MaxRunningGoals = 5, MaxStepsPerHour = 100 },
            Principals = { ["alice"] = new QuotaLimitOptions { MaxStepsPerHour = 7 } },
        };

        Assert.Equal(new QuotaLimits(null, 7), options.For("alice"));
        Assert.Equal(new QuotaLimits(5, 100), options.For("bob"));
        Assert.True(new QuotaOptions().For("anyone").IsUnlimited);
    }

    [Fact]
    public void For_ModelTokensPerDay_IsALimitOfItsOwn()
    {
        var options = new QuotaOptions
        {
            Default = new QuotaLimitOptions { MaxModelTokensPerDay = 50_000 },
            Principals = { ["alice"] = new QuotaLimitOptions { MaxRunningGoals = 2 } },
        };

        Assert.Equal(new QuotaLimits(MaxModelTokensPerDay: 50_000), options.For("bob"));
        Assert.False(options.For("bob").IsUnlimited);
        Assert.Null(options.For("alice").MaxModelTokensPerDay);
    }
}
