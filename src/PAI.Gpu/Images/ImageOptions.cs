namespace PAI.Gpu.Images;

/// <summary>How <c>image.generate</c> makes an image (configuration section <c>Pai:Images</c>): a command run under a GPU
/// lease, with arguments that may hold <c>{prompt}</c>, <c>{output}</c>, <c>{steps}</c>, <c>{width}</c>, <c>{height}</c>,
/// <c>{seed}</c>, <c>{tier}</c> and <c>{model}</c>. On a real machine, a Stable Diffusion CLI or a script that calls
/// ComfyUI / Automatic1111; without a GPU and in tests, a deterministic stand-in, declared the same way.</summary>
public sealed class ImageOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Pai:Images";

    /// <summary>The executable; none configured: <c>image.generate</c> fails saying so.</summary>
    public string? Command { get; set; }

    /// <summary>The argument templates.</summary>
    public List<string> Args { get; set; } = [];

    /// <summary>The model the command loads (devices where it is already loaded are preferred).</summary>
    public string? Model { get; set; }

    /// <summary>Default width in pixels.</summary>
    public int Width { get; set; } = 768;

    /// <summary>Default height in pixels.</summary>
    public int Height { get; set; } = 432;

    /// <summary>Most images one call may ask for.</summary>
    public int MaxImages { get; set; } = 16;
}
