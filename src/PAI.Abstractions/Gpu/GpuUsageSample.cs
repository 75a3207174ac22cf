namespace PAI.Abstractions.Gpu;

/// <summary>One minute of a device's recent history.</summary>
/// <param name="Start">The start of the minute.</param>
/// <param name="BusyFraction">Share of the minute the device was leased (0-1); null for a minute before the device's
/// history begins (history is kept in memory since the device grain activated).</param>
/// <param name="UtilizationPercent">The mean hardware utilisation the probes read in that minute; null when none did
/// (logical devices, or no probe that minute).</param>
[GenerateSerializer, Immutable]
public sealed record GpuUsageSample(
    [property: Id(0)] DateTimeOffset Start,
    [property: Id(1)] double? BusyFraction,
    [property: Id(2)] int? UtilizationPercent);
