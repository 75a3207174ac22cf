using PAI.Abstractions.Gpu;

namespace PAI.Gpu;

/// <summary>GPU leasing and discovery settings, bound from <c>Pai:Gpus</c>; the node name comes from <c>Pai:NodeName</c>.</summary>
public sealed class GpuOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Pai:Gpus";

    /// <summary>This machine's node name (<c>Pai:NodeName</c>, else the machine name); device keys start with it.</summary>
    public string NodeName { get; set; } = Environment.MachineName;

    /// <summary>Whether to probe NVML / nvidia-smi for real devices.</summary>
    public bool Discover { get; set; } = true;

    /// <summary>Logical devices declared in configuration (tests, machines without a GPU).</summary>
    public List<GpuDeviceDeclaration> Devices { get; set; } = [];

    /// <summary>How long a lease lives without a heartbeat.</summary>
    public TimeSpan LeaseTtl { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>How long one step of work may take; a tier's lease length is its step count times this.</summary>
    public TimeSpan StepDuration { get; set; } = TimeSpan.FromSeconds(6);

    /// <summary>Steps of the <c>draft</c> tier.</summary>
    public int DraftSteps { get; set; } = 20;

    /// <summary>Steps of the <c>standard</c> tier.</summary>
    public int StandardSteps { get; set; } = 50;

    /// <summary>Steps of the <c>high</c> tier.</summary>
    public int HighSteps { get; set; } = 100;

    /// <summary>Executables <c>gpu.run</c> may start (a bare name or an absolute path); empty allows none.</summary>
    public List<string> AllowedCommands { get; set; } = [];

    /// <summary>Characters of output <c>gpu.run</c> keeps as its result.</summary>
    public int OutputTailChars { get; set; } = 8_000;

    /// <summary>How often the node re-probes its devices (utilisation, memory).</summary>
    public TimeSpan ProbeInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Whether <c>gpu.run</c> rotates between goals (<c>goal</c>, the default) or between principals (<c>principal</c>).</summary>
    public string FairnessScope { get; set; } = "goal";

    /// <summary>The hard lease length of a tier.</summary>
    public TimeSpan LeaseLength(GpuTier tier) => StepDuration * tier switch
    {
        GpuTier.Draft => DraftSteps,
        GpuTier.High => HighSteps,
        _ => StandardSteps,
    };
}
