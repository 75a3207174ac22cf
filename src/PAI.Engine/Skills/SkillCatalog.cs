using System.Collections.Frozen;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace PAI.Engine.Skills;

/// <summary>
/// Skills from the assembly's built-in folder and, if configured, a user folder (which wins on name clashes). The user
/// folder is watched: a changed, added or removed file reloads the catalog. Runs already started keep the text of the
/// version they started with, so a reload never changes a run midway.
/// </summary>
public sealed partial class SkillCatalog : ISkillCatalog, IDisposable
{
    private readonly ILogger<SkillCatalog> _logger;
    private readonly string? _folder;
    private readonly IReadOnlyList<SkillDefinition> _builtIn;
    private readonly FileSystemWatcher? _watcher;
    private readonly Timer _debounce;
    private volatile Snapshot _snapshot = new(FrozenDictionary<string, SkillDefinition>.Empty, []);

    /// <summary>Loads every skill; a broken built-in skill is a bug and throws, a broken user file is logged and listed.</summary>
    public SkillCatalog(IOptions<EngineOptions> options, ILogger<SkillCatalog> logger)
    {
        _logger = logger;
        _folder = options.Value.SkillsDirectory;
        var assembly = typeof(SkillCatalog).Assembly;
        _builtIn = assembly.GetManifestResourceNames()
            .Where(n => n.StartsWith("PAI.Engine.Skills.BuiltIn.", StringComparison.Ordinal) && n.EndsWith(".yaml", StringComparison.Ordinal))
            .Select(resource =>
            {
                using var stream = assembly.GetManifestResourceStream(resource)!;
                using var reader = new StreamReader(stream);
                return SkillLoader.Parse(reader.ReadToEnd(), "builtin:" + resource["PAI.Engine.Skills.BuiltIn.".Length..]);
            })
            .ToList();
        _debounce = new Timer(_ => Reload());
        Reload();
        if (_folder is not null)
        {
            try
            {
                Directory.CreateDirectory(_folder);
                _watcher = new FileSystemWatcher(_folder) { IncludeSubdirectories = false, EnableRaisingEvents = true };
                _watcher.Changed += OnChanged;
                _watcher.Created += OnChanged;
                _watcher.Deleted += OnChanged;
                _watcher.Renamed += OnChanged;
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException)
            {
                LogWatchFailed(_logger, _folder, ex.Message);
            }
        }
    }

    /// <inheritdoc />
    public IReadOnlyCollection<SkillDefinition> All => _snapshot.Skills.Values.OrderBy(s => s.Name, StringComparer.Ordinal).ToList();

    /// <inheritdoc />
    public IReadOnlyList<string> Errors => _snapshot.Errors;

    /// <inheritdoc />
    public bool TryGet(string name, out SkillDefinition skill) => _snapshot.Skills.TryGetValue(name, out skill!);

    /// <summary>Reads the folder again now (also called by the watcher, debounced).</summary>
    public void Reload()
    {
        var skills = _builtIn.ToDictionary(s => s.Name, StringComparer.Ordinal);
        var errors = new List<string>();
        if (_folder is not null && Directory.Exists(_folder))
        {
            foreach (var file in Directory.EnumerateFiles(_folder, "*.yaml").Concat(Directory.EnumerateFiles(_folder, "*.yml")).Order(StringComparer.Ordinal))
            {
                try
                {
                    var skill = SkillLoader.Parse(File.ReadAllText(file), file);
                    skills[skill.Name] = skill;
                }
                catch (FormatException ex)
                {
                    errors.Add(ex.Message);
                    LogSkillRejected(_logger, ex.Message);
                }
                catch (IOException ex)
                {
                    // Being written right now: the watcher fires again when the writer is done.
                    errors.Add($"{file}: {ex.Message}");
                }
            }
        }

        _snapshot = new Snapshot(skills.ToFrozenDictionary(StringComparer.Ordinal), errors);
        LogLoaded(_logger, skills.Count, errors.Count);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _watcher?.Dispose();
        _debounce.Dispose();
    }

    private void OnChanged(object sender, FileSystemEventArgs e) => _debounce.Change(TimeSpan.FromMilliseconds(200), Timeout.InfiniteTimeSpan);

    [LoggerMessage(Level = LogLevel.Error, Message = "Skill file rejected: {Reason}")]
    private static partial void LogSkillRejected(ILogger logger, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Skills loaded: {Count} ({Errors} files rejected)")]
    private static partial void LogLoaded(ILogger logger, int count, int errors);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Cannot watch skill folder {Folder}: {Reason}")]
    private static partial void LogWatchFailed(ILogger logger, string folder, string reason);

    private sealed record Snapshot(FrozenDictionary<string, SkillDefinition> Skills, IReadOnlyList<string> Errors);
}
