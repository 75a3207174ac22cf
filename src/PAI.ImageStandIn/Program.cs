using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using PAI.ImageStandIn;

// A deterministic stand-in for an image model, for machines without a GPU and for tests: the same prompt, seed and
// size always give the same PNG (a gradient whose colours come from a hash of the prompt and seed). It "works" for
// --steps steps of --step-ms each, printing its progress, so that it can be observed, cancelled or killed mid-job.
// Usage: pai-image-standin --prompt TEXT --output FILE.png [--steps 20] [--width 768] [--height 432] [--seed 0] [--step-ms 0]
var options = new Dictionary<string, string>(StringComparer.Ordinal);
for (var i = 0; i + 1 < args.Length; i += 2)
{
    if (!args[i].StartsWith("--", StringComparison.Ordinal))
    {
        Console.Error.WriteLine($"unexpected argument '{args[i]}'");
        return 2;
    }

    options[args[i][2..]] = args[i + 1];
}

if (!options.TryGetValue("prompt", out var prompt) || !options.TryGetValue("output", out var output))
{
    Console.Error.WriteLine("usage: pai-image-standin --prompt TEXT --output FILE.png [--steps N] [--width W] [--height H] [--seed S] [--step-ms MS]");
    return 2;
}

int Number(string name, int fallback, int min, int max) =>
    options.TryGetValue(name, out var text) && int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) && n >= min && n <= max ? n : fallback;

var steps = Number("steps", 20, 1, 1000);
var width = Number("width", 768, 16, 4096);
var height = Number("height", 432, 16, 4096);
var stepMs = Number("step-ms", 0, 0, 60_000);
var seed = options.GetValueOrDefault("seed", "0");
var gpu = Environment.GetEnvironmentVariable("CUDA_VISIBLE_DEVICES") ?? "none";
Console.WriteLine($"stand-in: '{prompt}' {width}x{height}, {steps} steps, seed {seed}, CUDA_VISIBLE_DEVICES={gpu}");
for (var step = 1; step <= steps; step++)
{
    if (stepMs > 0)
    {
        Thread.Sleep(stepMs);
    }

    if (step == steps || step % 10 == 0)
    {
        Console.WriteLine($"step {step}/{steps}");
    }
}

var hash = SHA256.HashData(Encoding.UTF8.GetBytes($"{prompt}\n{seed}"));
using (var file = File.Create(output))
{
    PngWriter.Write(file, width, height, (x, y) =>
    {
        var fx = x / (double)width;
        var fy = y / (double)height;
        return ((byte)((hash[0] * (1 - fx)) + (hash[3] * fx)), (byte)((hash[1] * (1 - fy)) + (hash[4] * fy)), (byte)((hash[2] + ((x ^ y) & 0x1F)) & 0xFF));
    });
}

Console.WriteLine($"wrote {output}");
return 0;
