namespace PAI.Engine.Skills.Running;

/// <summary>A run's folders inside the goal's workspace: <c>.runs/{step}</c> for temp files and
/// <c>.runs/{step}/staging</c> for outputs the commit publishes.</summary>
internal static class SkillRunFolders
{
    /// <summary>The folder holding every run's temp folder.</summary>
    public const string Root = ".runs";

    /// <summary>The run's temp folder, relative to the workspace.</summary>
    public static string Temp(string stepId) => $"{Root}/{stepId}";

    /// <summary>The run's staging folder, relative to the workspace.</summary>
    public static string Staging(string stepId) => $"{Temp(stepId)}/staging";

    /// <summary>Removes the run's temp folder (and <c>.runs</c> when it is left empty); reports what it could not remove.</summary>
    public static void DeleteTemp(string workspace, string stepId, Action<string> onError)
    {
        var temp = Path.Combine(workspace, Root, stepId);
        for (var attempt = 0; attempt < 3 && Directory.Exists(temp); attempt++)
        {
            try
            {
                Directory.Delete(temp, recursive: true);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                onError(ex.Message);
            }
        }

        var root = Path.Combine(workspace, Root);
        if (Directory.Exists(root) && !Directory.EnumerateFileSystemEntries(root).Any())
        {
            try
            {
                Directory.Delete(root);
            }
            catch (IOException)
            {
                // Another run created its folder meanwhile.
            }
        }
    }
}
