using ModelContextProtocol.AspNetCore;
using ModelContextProtocol.Protocol;

namespace PAI.Host.Mcp;

/// <summary>
/// PAI as an MCP server: streamable HTTP at <c>/mcp</c>, authenticated with the API keys (Bearer) like every API call.
/// Stateless: every request stands alone (progress notifications ride on the tool call's own response stream), so
/// any silo of a cluster answers any request. Desktop clients that launch a command use <c>pai mcp</c>, which bridges
/// stdio to this endpoint.
/// </summary>
public static class PaiMcpServerExtensions
{
    /// <summary>Where the MCP endpoint is mapped.</summary>
    public const string Path = "/mcp";

    /// <summary>Adds the MCP server, its tools, resources and audit filters.</summary>
    public static WebApplicationBuilder AddPaiMcpServer(this WebApplicationBuilder builder)
    {
        // The SDK logs every call at Information; PAI writes no Information line per call (the audit log and the
        // pai.mcp.server.calls metric count them). Configuration can still ask for more.
        if (builder.Configuration["Logging:LogLevel:ModelContextProtocol"] is null)
        {
            builder.Logging.AddFilter("ModelContextProtocol", LogLevel.Warning);
        }

        builder.Services.AddSingleton<IGoalWatcher, SseGoalWatcher>();
        builder.Services.AddSingleton<GoalWaiter>();
        builder.Services
            .AddMcpServer(o =>
            {
                o.ServerInfo = new Implementation { Name = "pai", Title = "PAI", Version = typeof(PaiMcpServerExtensions).Assembly.GetName().Version?.ToString() ?? "1.0.0" };
                o.ServerInstructions = "PAI runs goals durably: submit_goal takes an explicit plan (steps calling tools or skills), a skill "
                    + "with inputs, or free text; get_goal, list_goals and watch_goal follow them; approve_step and reject_step decide "
                    + "steps waiting for a person; list_tools and list_skills say what a plan may use; remember and recall keep and search this key's memories; "
                    + "assert_fact, query_graph and graph_changes write and read its temporal knowledge graph; list_notes, write_note, read_note, "
                    + "search_notes and delete_note keep its markdown notes (also resources pai://notes/{path}).";
            })
            .WithHttpTransport(o => o.SessionMode = HttpServerSessionMode.Stateless)
            .WithRequestFilters(f =>
            {
                f.AddCallToolFilter(McpAuditFilters.Tools);
                f.AddReadResourceFilter(McpAuditFilters.Resources);
            })
            .WithTools([new SubmitGoalTool()])
            .WithTools<GoalTools>()
            .WithTools<ApprovalTools>()
            .WithTools<CatalogTools>()
            .WithTools(MemoryMcpTools.All())
            .WithTools([GraphTools.AssertFact()])
            .WithTools<GraphTools>()
            .WithTools<NoteTools>()
            .WithResources<PaiResources>()
            .WithResources<NoteResources>();
        return builder;
    }

    /// <summary>Maps <c>/mcp</c> for any authenticated key; each tool checks what the key's role may do.</summary>
    public static WebApplication MapPaiMcp(this WebApplication app)
    {
        app.MapMcp(Path).RequireAuthorization(p => p.RequireAuthenticatedUser());
        return app;
    }
}
