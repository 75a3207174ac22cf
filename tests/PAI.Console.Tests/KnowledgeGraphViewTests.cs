using System.Net.Http.Json;
using System.Text.Json.Nodes;
using PAI.Console.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace PAI.Console.Tests;

/// <summary>The knowledge page draws an entity's neighbourhood as a graph: the entity in the centre, its neighbours
/// around it, edges labelled with the facts' predicates (a retired fact dashed), and a neighbour, clicked or chosen
/// with the keyboard, becomes the centre; with many neighbours the nodes stay apart; a narrow window does not widen.</summary>
[Collection(nameof(ConsoleCollection))]
public sealed class KnowledgeGraphViewTests(ConsoleHost host)
{
    [ChromiumFact]
    public async Task Neighbourhood_DrawnAsGraph_LabelledEdges_ClickAndEnterRecentre()
    {
        var m = Guid.NewGuid().ToString("N")[..6];
        string kiln = $"Kiln {m}", ana = $"Ana {m}", bo = $"Bo {m}", lab = $"Lab {m}", city = $"Lisbon {m}", old = $"Porto {m}";
        await AssertFactsAsync(
            Fact(ana, "works_on", kiln),
            Fact(bo, "reviews", kiln),
            Fact(kiln, "runs_in", lab),
            Fact(lab, "located_in", old, single: true, validFrom: "2021-01-01T00:00:00Z"));

        // Learned two seconds later, so the graph as known in between (the page reads times to the second) still has
        // the old city.
        await Task.Delay(2100);
        await AssertFactsAsync(Fact(lab, "located_in", city, single: true, validFrom: "2024-01-01T00:00:00Z"));

        // What the API says two steps around the project: three neighbours one step away, the lab's city two.
        var api = await host.Host.Client.GetFromJsonAsync<JsonObject>($"/api/graph/entities/{Uri.EscapeDataString(kiln)}?depth=2");
        var names = api!["neighbours"]!.AsArray().Select(n => n!["name"]!.GetValue<string>()).ToList();
        Assert.Equal([ana, bo, lab, city], names.Order(StringComparer.Ordinal));

        await using var console = await host.OpenAsync();
        await console.SignInAsync();
        await SetHashAsync(console, $"#/knowledge?entity={Uri.EscapeDataString(kiln)}&depth=2");
        var graph = console.Page.Locator(".entity-card svg.entity-graph");
        await Expect(graph.Locator(".kg-centre")).ToHaveAttributeAsync("data-entity", kiln);
        await Expect(graph.Locator(".kg-node")).ToHaveCountAsync(names.Count + 1);
        foreach (var name in names)
        {
            await Expect(graph.Locator($".kg-node[data-entity='{name}']")).ToHaveCountAsync(1);
        }

        await Expect(graph.Locator($".kg-node[data-entity='{ana}']")).ToHaveAttributeAsync("data-depth", "1");
        await Expect(graph.Locator($".kg-node[data-entity='{city}']")).ToHaveAttributeAsync("data-depth", "2");
        await Expect(graph.Locator($".kg-label[data-from='{ana}'][data-to='{kiln}'] .kg-predicate")).ToHaveTextAsync("works_on");
        await Expect(graph.Locator($".kg-label[data-from='{kiln}'][data-to='{lab}'] .kg-predicate")).ToHaveTextAsync("runs_in");
        await Expect(graph.Locator($".kg-label[data-from='{lab}'][data-to='{city}'] .kg-predicate")).ToHaveTextAsync("located_in");
        await Expect(graph.Locator(".kg-edge")).ToHaveCountAsync(await graph.Locator(".kg-label").CountAsync());
        await Expect(console.Page.Locator(".entity-card .facts-table tbody tr")).Not.ToHaveCountAsync(0);
        await AssertNodesApartAsync(console);
        await console.ScreenshotAsync("knowledge-neighbourhood");

        // Click a neighbour: it becomes the centre, and the table follows.
        await graph.Locator($".kg-node[data-entity='{lab}']").ClickAsync();
        await Expect(console.Page.Locator(".entity-name")).ToHaveTextAsync(lab);
        await Expect(graph.Locator(".kg-centre")).ToHaveAttributeAsync("data-entity", lab);
        await Expect(graph.Locator($".kg-node[data-entity='{kiln}']")).ToHaveAttributeAsync("data-depth", "1");

        // As known before the lab moved: the retired fact to the old city is drawn, dashed and struck through.
        var before = await FirstRecordedAsync(lab, city);
        await SetHashAsync(console, $"#/knowledge?entity={Uri.EscapeDataString(lab)}&asOf={Uri.EscapeDataString(before.AddSeconds(-1).ToString("O", System.Globalization.CultureInfo.InvariantCulture))}");
        await Expect(console.Page.Locator(".entity-card .facts-table")).ToContainTextAsync(old);
        var retired = await FindRetiredAsync(console, lab, old);

        // The keyboard: Tab reaches a node; Enter centres on it, and the focus stays on the new centre.
        var node = graph.Locator($".kg-node[data-entity='{kiln}']");
        await node.FocusAsync();
        await console.Page.Keyboard.PressAsync("Enter");
        await Expect(console.Page.Locator(".entity-name")).ToHaveTextAsync(kiln);
        await Expect(graph.Locator(".kg-centre")).ToBeFocusedAsync();
        Assert.True(retired, "the lab's earlier city is not shown as retired");
        console.AssertNoConsoleErrors();
    }

    [ChromiumFact]
    public async Task HundredNeighbours_StayApart_NarrowWindowDoesNotWiden()
    {
        var m = Guid.NewGuid().ToString("N")[..6];
        var hub = $"Hub {m}";
        await AssertFactsAsync([.. Enumerable.Range(0, 100).Select(i => Fact(hub, i % 2 == 0 ? "knows" : "funds", $"Spoke {i:D3} {m}"))]);

        await using var console = await host.OpenAsync(width: 390, height: 844);
        await console.SignInAsync();
        await SetHashAsync(console, $"#/knowledge?entity={Uri.EscapeDataString(hub)}");
        var graph = console.Page.Locator(".entity-card svg.entity-graph");
        await Expect(graph.Locator(".kg-node")).ToHaveCountAsync(101);
        await Expect(graph.Locator(".kg-label")).ToHaveCountAsync(100);
        await AssertNodesApartAsync(console);
        var overflow = await console.Page.EvaluateAsync<int>("() => document.documentElement.scrollWidth - window.innerWidth");
        Assert.True(overflow <= 1, $"the page scrolls sideways by {overflow}px in a 390px window");
        var scrolls = await console.Page.EvaluateAsync<bool>("() => { const f = document.querySelector('.entity-card .dag-frame'); return f.scrollWidth > f.clientWidth; }");
        Assert.True(scrolls, "a 100-neighbour graph should scroll inside its frame, not shrink out of sight");
        await console.ScreenshotAsync("knowledge-neighbourhood-narrow", fullPage: false);
        console.AssertNoConsoleErrors();
    }

    // The page rewrites its query as it reads it, so the hash is set without waiting for it to stay as given.
    private static Task SetHashAsync(ConsolePage console, string hash) => console.Page.EvaluateAsync("h => { location.hash = h; }", hash);

    private static async Task AssertNodesApartAsync(ConsolePage console)
    {
        var overlaps = await console.Page.EvaluateAsync<int>("""
            () => {
              const r = [...document.querySelectorAll('.entity-graph .kg-node rect')].map(e => e.getBoundingClientRect());
              let n = 0;
              for (let i = 0; i < r.length; i++) for (let j = i + 1; j < r.length; j++)
                if (r[i].left < r[j].right - 0.5 && r[j].left < r[i].right - 0.5 && r[i].top < r[j].bottom - 0.5 && r[j].top < r[i].bottom - 0.5) n++;
              return n;
            }
            """);
        Assert.Equal(0, overlaps);
    }

    private static async Task<bool> FindRetiredAsync(ConsolePage console, string lab, string old)
    {
        var label = console.Page.Locator($".entity-graph .kg-label[data-from='{lab}'][data-to='{old}']");
        await Expect(label.Locator(".kg-predicate.retired")).ToHaveTextAsync("located_in");
        return await console.Page.Locator($".entity-graph .kg-edge.invalidated[data-from='{lab}'][data-to='{old}']").CountAsync() == 1;
    }

    private async Task<DateTimeOffset> FirstRecordedAsync(string subject, string obj)
    {
        var found = await host.Host.Client.GetFromJsonAsync<JsonObject>($"/api/graph/entities/{Uri.EscapeDataString(subject)}");
        var fact = found!["facts"]!.AsArray().First(f => f!["object"]!.GetValueKind() == System.Text.Json.JsonValueKind.String && f["object"]!.GetValue<string>() == obj);
        return fact!["recordedAt"]!.GetValue<DateTimeOffset>();
    }

    private static JsonObject Fact(string subject, string predicate, string obj, bool single = false, string? validFrom = null)
    {
        var fact = new JsonObject { ["subject"] = subject, ["predicate"] = predicate, ["object"] = obj };
        if (single)
        {
            fact["single"] = true;
        }

        if (validFrom is not null)
        {
            fact["validFrom"] = validFrom;
        }

        return fact;
    }

    private async Task AssertFactsAsync(params JsonObject[] facts)
    {
        using var response = await host.Host.Client.PostAsJsonAsync("/api/graph/facts", new JsonObject { ["facts"] = new JsonArray(facts) });
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
    }
}
