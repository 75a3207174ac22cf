using System.Collections.Frozen;

namespace PAI.Engine.Tools;

/// <summary>The names of the built-in tools, in one place (plans, skills, agents and the engine name them).</summary>
public static class BuiltInToolNames
{
    /// <summary><c>echo</c>: output = input.</summary>
    public const string Echo = "echo";

    /// <summary><c>file.write</c>.</summary>
    public const string FileWrite = "file.write";

    /// <summary><c>file.append</c>.</summary>
    public const string FileAppend = "file.append";

    /// <summary><c>file.read</c>.</summary>
    public const string FileRead = "file.read";

    /// <summary><c>file.list</c>.</summary>
    public const string FileList = "file.list";

    /// <summary><c>wait</c>: a durable timer.</summary>
    public const string Wait = "wait";

    /// <summary><c>http.request</c>.</summary>
    public const string HttpRequest = "http.request";

    /// <summary><c>process.run</c>.</summary>
    public const string ProcessRun = "process.run";

    /// <summary><c>llm.chat</c>: the model behind prompt phases and judge checks (registered when a model is configured).</summary>
    public const string LlmChat = "llm.chat";

    /// <summary><c>gpu.run</c>: a GPU job (registered by the GPU module).</summary>
    public const string GpuRun = "gpu.run";

    /// <summary>Tools a skill may name that this process may not have: a plan naming them is valid, and the phase fails
    /// with a clear message at run time when the tool is missing.</summary>
    public static FrozenSet<string> Optional { get; } = FrozenSet.Create(StringComparer.Ordinal, LlmChat, GpuRun);
}
