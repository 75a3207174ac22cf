using System.ComponentModel;

namespace PAI.Host.Apis.Models;

/// <summary>One minute of a GPU's last hour.</summary>
public sealed record GpuUsageSampleResponse(
    [property: Description("The start of the minute.")] DateTimeOffset Start,
    [property: Description("Share of the minute the device was leased (0-1); null before the device's history begins.")] double? BusyFraction,
    [property: Description("Mean hardware utilisation the probes read that minute; null when none did.")] int? UtilizationPercent);
