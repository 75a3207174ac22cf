using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace PAI.Engine.Skills;

/// <summary>Skill templates from the assembly's built-in folder and, if configured, a user folder (which wins on name clashes).</summary>
public sealed partial class SkillCatalog : ISkillCatalog
{
    private readonly ConcurrentDictionary<string, SkillTemplate> _skills = new(StringComparer.Ordinal);

    /// <summary>Loads every template; a broken user file is logged and skipped, a broken built-in one is a bug and throws.</summary>
    public SkillCatalog(IOptions<EngineOptions> options, ILogger<SkillCatalog> logger)
    {
        var assembly = typeof(SkillCatalog).Assembly;
        foreach (var resource in assembly.GetManifestResourceNames().Where(n => n.EndsWith(".yaml", StringComparison.Ordinal)))
        {
            using var stream = assembly.GetManifestResourceStream(resource)!;
            using var reader = new StreamReader(stream);
            var skill = SkillTemplateLoader.Parse(reader.ReadToEnd(), "builtin:" + resource);
            _skills[skill.Name] = skill;
        }

        var folder = options.Value.SkillsDirectory;
        if (folder is not null && Directory.Exists(folder))
        {
            foreach (var file in Directory.EnumerateFiles(folder, "*.yaml").Concat(Directory.EnumerateFiles(folder, "*.yml")))
            {
                try
                {
                    var skill = SkillTemplateLoader.Parse(File.ReadAllText(file), file);
                    _skills[skill.Name] = skill;
                }
                catch (FormatException ex)
                {
                    LogSkillRejected(logger, ex.Message);
                }
            }
        }
    }

    /// <inheritdoc />
    public IReadOnlyCollection<SkillTemplate> All => _skills.Values.OrderBy(s => s.Name, StringComparer.Ordinal).ToList();

    /// <inheritdoc />
    public bool TryGet(string name, out SkillTemplate skill) => _skills.TryGetValue(name, out skill!);

    [LoggerMessage(Level = LogLevel.Error, Message = "Skill file rejected: {Reason}")]
    private static partial void LogSkillRejected(ILogger logger, string reason);
}
