using System.Globalization;

namespace PAI.Gpu.Tests.Infrastructure;

/// <summary>Reads /proc to find live (non-zombie) processes of a process group.</summary>
public static class ProcessTable
{
    public static IReadOnlyList<int> LiveMembersOf(int processGroupId)
    {
        var members = new List<int>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), NumberStyles.None, CultureInfo.InvariantCulture, out var pid))
            {
                continue;
            }

            string stat;
            try
            {
                stat = File.ReadAllText(Path.Combine(dir, "stat"));
            }
            catch (IOException)
            {
                continue;
            }
            catch (UnauthorizedAccessException)
            {
                continue;
            }

            // pid (comm) state ppid pgrp ...; comm may hold spaces and parentheses, so split after the last ')'.
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            if (fields[0] != "Z" && int.Parse(fields[2], CultureInfo.InvariantCulture) == processGroupId)
            {
                members.Add(pid);
            }
        }

        return members;
    }

    public static async Task<bool> WaitUntilEmptyAsync(int processGroupId, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (LiveMembersOf(processGroupId).Count == 0)
            {
                return true;
            }

            await Task.Delay(50);
        }

        return LiveMembersOf(processGroupId).Count == 0;
    }
}
