using System.Security.Cryptography;
using Microsoft.Extensions.Configuration;

namespace PAI.AppHost;

/// <summary>
/// The development cluster's admin key: <c>PAI_API_KEY</c> when set, else the key kept in the folder from an earlier
/// run, else a new random one. It is written to <c>api-key</c> in the folder (mode 0600) so the person can use it
/// without the key ever being printed.
/// </summary>
public static class ApiKeyFile
{
    /// <summary>The key; <paramref name="path"/> is the file that holds it.</summary>
    public static string Resolve(IConfiguration configuration, string folder, out string path)
    {
        path = Path.Combine(folder, "api-key");
        var key = configuration["PAI_API_KEY"] is { Length: > 0 } given
            ? given
            : File.Exists(path) && File.ReadAllText(path).Trim() is { Length: > 0 } kept
                ? kept
                : "pai_dev_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        using (var writer = new StreamWriter(path, options))
        {
            writer.Write(key);
        }

        return key;
    }
}
