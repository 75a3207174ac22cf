using System.Text.Json.Nodes;
using PAI.Abstractions.Tools;
using PAI.Engine.Templates;

namespace PAI.Engine.Tools.Declared;

/// <summary>A tool declared in YAML: its descriptor, and a request template (HTTP) or command template (process) whose
/// <c>${inputs.x}</c> expressions take the call's input; the call itself is made by <c>http.request</c> or
/// <c>process.run</c> (so the process allow-list applies to declared process tools too).</summary>
internal sealed class DeclaredTool(ToolDescriptor descriptor, string template, ITool inner) : ITool
{
    /// <summary>The one root a declared tool's template may name: the call's input.</summary>
    public const string Root = "inputs";

    public ToolDescriptor Descriptor { get; } = descriptor;

    public IReadOnlyList<string> Validate(JsonObject input) => [];

    public Task<JsonNode?> InvokeAsync(ToolContext context, CancellationToken cancellationToken)
    {
        var roots = new JsonObject { [Root] = context.Input.DeepClone() };
        var resolved = TemplateEvaluator.ResolveText(template, roots) as JsonObject ?? [];
        return inner.InvokeAsync(context with { Input = resolved }, cancellationToken);
    }
}
