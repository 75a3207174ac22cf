using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace PAI.ServiceDefaults;

/// <summary>Writes a <see cref="HealthReport"/> as <c>{"status":..,"checks":[{"name":..,"status":..,"description":..}]}</c>.</summary>
internal static class HealthReportJsonWriter
{
    /// <summary>Health-check response writer; exception details are left out on purpose so probes stay safe to expose.</summary>
    public static async Task WriteAsync(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "application/json; charset=utf-8";

        // Utf8JsonWriter instead of JsonSerializer: no reflection, and the shape is fixed.
        await using var writer = new Utf8JsonWriter(context.Response.Body);
        writer.WriteStartObject();
        writer.WriteString("status", report.Status.ToString());
        writer.WriteStartArray("checks");
        foreach (var (name, entry) in report.Entries)
        {
            writer.WriteStartObject();
            writer.WriteString("name", name);
            writer.WriteString("status", entry.Status.ToString());
            writer.WriteString("description", entry.Description);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
        await writer.FlushAsync(context.RequestAborted);
    }
}
