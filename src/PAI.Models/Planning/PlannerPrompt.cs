using System.Text;
using Microsoft.Extensions.AI;
using PAI.Abstractions.Goals;
using PAI.Abstractions.Planning;
using PAI.Abstractions.Tools;
using PAI.Engine.Agents;
using PAI.Engine.Skills;

namespace PAI.Models.Planning;

/// <summary>
/// What the planner model reads: its instructions, the catalogue (tools the goal's agent may call, skills, agents,
/// each with its input schema), the goal, the memories and current facts recalled for it (in separate lists), a re-plan's context, and every earlier answer
/// with the validation errors it got. Pure: built from values, bounded in size.
/// </summary>
public static class PlannerPrompt
{
    private const int MaxSchemaChars = 1_500;
    private const int MaxCatalogEntries = 120;
    private const int MaxOutputChars = 2_000;

    /// <summary>The messages for one planning request, with the answers so far and their errors.</summary>
    public static List<ChatMessage> Build(
        ModelPlanRequest request,
        IReadOnlyCollection<ITool> tools,
        IReadOnlyCollection<SkillDefinition> skills,
        IReadOnlyCollection<AgentDefinition> agents,
        IReadOnlyList<RecalledMemory> memories,
        IReadOnlyList<(string Answer, IReadOnlyList<PlanError> Errors)> attempts,
        bool structured)
    {
        ArgumentNullException.ThrowIfNull(request);
        var agentName = request.Submission.Agent ?? AgentDefinition.DefaultName;
        var agent = agents.FirstOrDefault(a => a.Name == agentName);
        var system = new StringBuilder();
        system.AppendLine("You are PAI's planner. You turn a person's goal into a plan: a DAG of steps that PAI runs.");
        system.AppendLine("Each step has a unique \"id\" and exactly one of: \"tool\" (call one tool with \"with\" as its input),");
        system.AppendLine("\"skill\" (run a named skill with \"with\" as its inputs), or \"task\" (an agent, named by \"agent\", works on");
        system.AppendLine("the task text with its own tools; use it for open-ended work such as research or writing).");
        system.AppendLine("\"dependsOn\" lists the steps that must succeed first. A string in \"with\" or \"task\" may read an earlier");
        system.AppendLine("step's output as ${steps.<id>.output} or ${steps.<id>.output.<field>} (only steps it depends on, directly or");
        system.AppendLine("not) and the goal's inputs as ${inputs.<name>}. Use only tools, skills and agents from the catalogue.");
        system.AppendLine(structured
            ? "Answer with the plan as JSON matching the response schema."
            : "Answer with only the plan as one JSON object {\"steps\": [...]}, no prose, no code fence.");
        system.AppendLine();
        system.AppendLine($"Plan schema: {PlanJson.Schema.ReplaceLineEndings(" ")}");
        system.AppendLine();
        system.AppendLine($"Tools the goal's agent ('{agentName}') may call:");
        foreach (var tool in tools.Where(t => agent?.Allows(t.Descriptor) ?? false).Take(MaxCatalogEntries))
        {
            system.AppendLine($"- {tool.Descriptor.Name}: {tool.Descriptor.Description} Input schema: {Cap(tool.Descriptor.InputSchema, MaxSchemaChars)}");
        }

        if (skills.Count > 0)
        {
            system.AppendLine();
            system.AppendLine("Skills:");
            foreach (var skill in skills.Take(MaxCatalogEntries))
            {
                system.AppendLine($"- {skill.Name} (v{skill.Version}): {skill.Description} Inputs schema: {Cap(skill.InputSchema, MaxSchemaChars)}");
            }
        }

        system.AppendLine();
        system.AppendLine("Agents (for task steps):");
        foreach (var a in agents.Take(MaxCatalogEntries))
        {
            system.AppendLine($"- {a.Name}: tools [{string.Join(", ", a.Tools)}]{(a.SystemPrompt is { } p ? " — " + Cap(p, 200) : "")}");
        }

        var user = new StringBuilder();
        user.AppendLine($"Goal: {request.Submission.Title}");
        if (request.Submission.Description is { Length: > 0 } description)
        {
            user.AppendLine($"Description: {description}");
        }

        if (request.Submission.Inputs is { } inputs)
        {
            user.AppendLine($"Inputs: {inputs}");
        }

        if (memories.Any(m => !m.IsFact))
        {
            user.AppendLine();
            user.AppendLine("What PAI remembers that may help (memories of earlier goals, notes and remembered text):");
            foreach (var memory in memories.Where(m => !m.IsFact))
            {
                user.AppendLine($"- [{memory.Id}] {Cap(memory.Text, 500)}");
            }
        }

        if (memories.Any(m => m.IsFact))
        {
            user.AppendLine();
            user.AppendLine("Current facts PAI knows about things this goal names (knowledge graph, valid now; subject predicate object):");
            foreach (var fact in memories.Where(m => m.IsFact))
            {
                user.AppendLine($"- [{fact.Id}] {Cap(fact.Text, 300)}");
            }
        }

        if (request.Replan is { } replan)
        {
            user.AppendLine();
            user.AppendLine($"This goal was planned before, and step '{replan.FailedStep}' failed for good: {Cap(replan.Error, 1_000)}");
            user.AppendLine("These steps succeeded and are kept (do not repeat them; your steps may depend on them and read their outputs):");
            foreach (var kept in replan.Kept)
            {
                user.AppendLine($"- {kept.Spec.Id} ({kept.Spec.Tool ?? kept.Spec.Skill ?? "task"}): output {Cap(kept.Output ?? "null", MaxOutputChars)}");
            }

            user.AppendLine("Plan only the remaining work, with new step ids, and avoid what failed.");
        }

        var messages = new List<ChatMessage> { new(ChatRole.System, system.ToString()), new(ChatRole.User, user.ToString()) };
        foreach (var (answer, errors) in attempts)
        {
            messages.Add(new ChatMessage(ChatRole.Assistant, answer));
            messages.Add(new ChatMessage(ChatRole.User, Repair(errors)));
        }

        return messages;
    }

    /// <summary>What the model is told about an invalid plan.</summary>
    public static string Repair(IReadOnlyList<PlanError> errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        var text = new StringBuilder("That plan is invalid:\n");
        foreach (var error in errors.Take(30))
        {
            text.AppendLine($"- {(error.Path.Length == 0 ? "" : error.Path + ": ")}{error.Message}");
        }

        text.Append("Answer again with the whole corrected plan, as JSON only.");
        return text.ToString();
    }

    /// <summary>The plan schema as a JSON element for structured output.</summary>
    public static System.Text.Json.JsonElement SchemaElement { get; } = System.Text.Json.JsonDocument.Parse(PlanJson.Schema).RootElement.Clone();

    private static string Cap(string text, int max) => text.Length <= max ? text : text[..max] + "…";
}
