using System.Globalization;

namespace PAI.AppHost;

/// <summary>Command-line settings of the launcher.</summary>
public sealed class AppHostOptions
{
    /// <summary>How many silos (<c>--silos N</c>, default 2).</summary>
    public int Silos { get; private init; } = 2;

    /// <summary>HTTP port of silo 1; silo i listens on this + i − 1 (<c>--http-port</c>, default 5080).</summary>
    public int HttpPort { get; private init; } = 5080;

    /// <summary>Orleans silo port of silo 1 (<c>--silo-port</c>, default 11111).</summary>
    public int SiloPort { get; private init; } = 11111;

    /// <summary>Orleans gateway port of silo 1 (<c>--gateway-port</c>, default 30000).</summary>
    public int GatewayPort { get; private init; } = 30000;

    /// <summary>The shared data folder (<c>--data-dir</c>; default a new temporary folder, deleted on exit).</summary>
    public string? DataDirectory { get; private init; }

    /// <summary>Parses <paramref name="args"/>; throws <see cref="ArgumentException"/> on anything unknown.</summary>
    public static AppHostOptions Parse(IReadOnlyList<string> args)
    {
        var options = new AppHostOptions();
        for (var i = 0; i < args.Count; i++)
        {
            string Next() => i + 1 < args.Count ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
            options = args[i] switch
            {
                "--silos" => new AppHostOptions { Silos = int.Parse(Next(), CultureInfo.InvariantCulture), HttpPort = options.HttpPort, SiloPort = options.SiloPort, GatewayPort = options.GatewayPort, DataDirectory = options.DataDirectory },
                "--http-port" => new AppHostOptions { Silos = options.Silos, HttpPort = int.Parse(Next(), CultureInfo.InvariantCulture), SiloPort = options.SiloPort, GatewayPort = options.GatewayPort, DataDirectory = options.DataDirectory },
                "--silo-port" => new AppHostOptions { Silos = options.Silos, HttpPort = options.HttpPort, SiloPort = int.Parse(Next(), CultureInfo.InvariantCulture), GatewayPort = options.GatewayPort, DataDirectory = options.DataDirectory },
                "--gateway-port" => new AppHostOptions { Silos = options.Silos, HttpPort = options.HttpPort, SiloPort = options.SiloPort, GatewayPort = int.Parse(Next(), CultureInfo.InvariantCulture), DataDirectory = options.DataDirectory },
                "--data-dir" => new AppHostOptions { Silos = options.Silos, HttpPort = options.HttpPort, SiloPort = options.SiloPort, GatewayPort = options.GatewayPort, DataDirectory = Path.GetFullPath(Next()) },
                _ => throw new ArgumentException($"unknown argument '{args[i]}'; usage: --silos N --http-port P --silo-port P --gateway-port P --data-dir DIR"),
            };
        }

        if (options.Silos is < 1 or > 16)
        {
            throw new ArgumentException("--silos must be between 1 and 16");
        }

        return options;
    }
}
