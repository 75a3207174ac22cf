using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using PAI.Abstractions.Tools;
using PAI.Engine.Skills;
using PAI.Engine.Templates;

namespace PAI.Engine.Tools.Declared;

/// <summary>Loads HTTP and process tools declared as YAML files in <see cref="EngineOptions.ToolsDirectory"/> (at start).</summary>
public sealed partial class DeclaredToolSource : IToolSource
{
    private static readonly string[] Fields = ["name", "description", "kind", "permission", "inputSchema", "outputSchema", "timeout", "maxOutputBytes", "approval", "rateLimit", "request", "command"];
    private readonly List<ITool> _tools = [];

    /// <summary>Reads the folder; a broken file is logged and skipped.</summary>
    public DeclaredToolSource(IOptions<EngineOptions> engine, IHttpClientFactory http, IOptions<ToolsOptions> tools, TimeProvider time, ILogger<DeclaredToolSource> logger)
    {
        var folder = engine.Value.ToolsDirectory;
        if (folder is null || !Directory.Exists(folder))
        {
            return;
        }

        var httpTool = new HttpRequestTool(http, time);
        var processTool = new ProcessRunTool(tools);
        foreach (var file in Directory.EnumerateFiles(folder, "*.yaml").Concat(Directory.EnumerateFiles(folder, "*.yml")).Order(StringComparer.Ordinal))
        {
            try
            {
                _tools.Add(Parse(File.ReadAllText(file), file, httpTool, processTool));
            }
            catch (FormatException ex)
            {
                LogRejected(logger, ex.Message);
            }
        }
    }

    /// <inheritdoc />
    public IEnumerable<ITool> Tools => _tools;

    internal static ITool Parse(string text, string source, ITool httpTool, ITool processTool)
    {
        var yaml = new YamlReader(source);
        var root = yaml.Root(text);
        yaml.AllowOnly(root, "", Fields);
        var name = yaml.String(root, "name", "", required: true)!;
        var kind = yaml.String(root, "kind", "", required: true)!;
        var (templateField, inner) = kind switch
        {
            "http" => ("request", httpTool),
            "process" => ("command", processTool),
            _ => throw yaml.Error(YamlReader.Get(root, "kind")!, "kind", "must be 'http' or 'process'"),
        };
        var templateNode = YamlReader.Get(root, templateField) ?? throw yaml.Error(root, templateField, $"is required for a {kind} tool");
        var template = YamlReader.ToJson(yaml.Map(templateNode, templateField))!.ToJsonString();
        if (TemplateEvaluator.Check(JsonNode.Parse(template), [DeclaredTool.Root]) is [var problem, ..])
        {
            // Also what a file written for the old '${input.x}' root gets: refused at start with the fix named.
            throw yaml.Error(templateNode, templateField, problem);
        }

        ToolRateLimit? limit = null;
        if (YamlReader.Get(root, "rateLimit") is { } limitNode)
        {
            var map = yaml.Map(limitNode, "rateLimit");
            yaml.AllowOnly(map, "rateLimit", "permits", "window", "scope", "onLimit");
            var scope = yaml.String(map, "scope", "rateLimit") ?? "principal";
            var onLimit = yaml.String(map, "onLimit", "rateLimit") ?? "delay";
            if (scope is not ("principal" or "global") || onLimit is not ("delay" or "refuse"))
            {
                throw yaml.Error(map, "rateLimit", "scope is 'principal' or 'global'; onLimit is 'delay' or 'refuse'");
            }

            limit = new ToolRateLimit(yaml.Int(map, "permits", "rateLimit", 1, 1), yaml.Duration(map, "window", "rateLimit") ?? TimeSpan.FromSeconds(1), scope == "principal", onLimit == "refuse");
        }

        var inputSchema = YamlReader.Get(root, "inputSchema") is { } s ? YamlReader.ToJson(s)!.ToJsonString() : """{ "type": "object" }""";
        var outputSchema = YamlReader.Get(root, "outputSchema") is { } o ? YamlReader.ToJson(o)!.ToJsonString() : inner.Descriptor.OutputSchema;
        var cap = yaml.String(root, "maxOutputBytes", "") is { } capText
            ? (long.TryParse(capText, out var c) && c > 0 ? c : throw yaml.Error(YamlReader.Get(root, "maxOutputBytes")!, "maxOutputBytes", "must be a positive number"))
            : (long?)null;
        if (yaml.String(root, "permission", "") == ToolOverride.RetiredApprovalPermission)
        {
            throw yaml.Error(YamlReader.Get(root, "permission")!, "permission", $"'{ToolOverride.RetiredApprovalPermission}' no longer means approval: write 'approval: true'");
        }

        var descriptor = new ToolDescriptor(
            name,
            yaml.String(root, "description", "") ?? "",
            inputSchema,
            yaml.String(root, "permission", "") ?? name,
            yaml.Timeout(root, "timeout", "") ?? TimeSpan.FromSeconds(60),
            outputSchema,
            limit,
            cap,
            yaml.Bool(root, "approval", ""));
        _ = JsonNode.Parse(inputSchema);
        return new DeclaredTool(descriptor, template, inner);
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Tool file rejected: {Reason}")]
    private static partial void LogRejected(ILogger logger, string reason);
}
