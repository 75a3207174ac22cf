using System.Text.Json.Nodes;
using Microsoft.Playwright;
using PAI.Console.Tests.Infrastructure;
using PAI.Host.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;
using static PAI.Host.Tests.Infrastructure.GoalClient;

namespace PAI.Console.Tests;

/// <summary>Submitting goals from the console and watching them run: the form, the live graph, the timeline, a step's
/// detail, the goals list.</summary>
[Collection(nameof(ConsoleCollection))]
public sealed class GoalPagesTests(ConsoleHost host)
{
    [ChromiumFact]
    public async Task SubmitPlan_FromTheForm_GraphTurnsGreenLiveWithoutAReload()
    {
        await using var console = await host.OpenAsync();
        await console.SignInAsync("#/submit");
        await console.Page.GetByRole(AriaRole.Radio, new() { Name = "Paste a plan" }).ClickAsync();
        await console.Page.FillAsync("#goal-title", "Live graph from the form");
        var plan = new JsonObject
        {
            ["steps"] = new JsonArray(
                Step("fetch", "echo", new { text = "data" }),
                Step("feeds", "echo", new { text = "feeds" }),
                Step("think", "wait", new { @for = "3s" }, "fetch"),
                Step("summarise", "echo", new { text = "${steps.fetch.output.text} and ${steps.feeds.output.text}" }, "fetch", "feeds"),
                Step("save", "file.write", new { path = "out/live.txt", content = "${steps.summarise.output.text}" }, "think", "summarise"),
                Step("notify", "echo", new { text = "saved" }, "save")),
        };
        await console.Page.FillAsync("#plan-json", plan.ToJsonString());
        await console.Page.ClickAsync("#submit-goal");

        await Expect(console.Page.Locator(".dag-node")).ToHaveCountAsync(6);
        await console.Page.EvaluateAsync("() => { window.__sameDocument = true; }");

        // The wait step is seen running, then everything turns green, on the page as first loaded.
        await Expect(console.Page.Locator(".dag-node.status-Running[data-step='think']")).ToHaveCountAsync(1, new() { Timeout = 20_000 });
        await console.Page.Locator(".dag-node[data-step='summarise']").ClickAsync();
        await Expect(console.Page.Locator("#step-title")).ToHaveTextAsync("summarise");
        await console.ScreenshotAsync("goal-running");
        await Expect(console.Page.Locator(".dag-node.status-Succeeded")).ToHaveCountAsync(6, new() { Timeout = 30_000 });
        Assert.True(await console.Page.EvaluateAsync<bool>("() => window.__sameDocument === true"), "the page was reloaded");
        await Expect(console.Page.Locator(".goal-title + span .badge")).ToHaveTextAsync("Succeeded");
        await Expect(console.Page.Locator(".dag-edge.done")).ToHaveCountAsync(6);

        // Keyboard: Tab into the graph, arrow to the next step, Enter opens its detail.
        await console.Page.Locator(".dag-node[data-step='fetch']").FocusAsync();
        await console.Page.Keyboard.PressAsync("ArrowRight");
        await console.Page.Keyboard.PressAsync("Enter");
        await Expect(console.Page.Locator("#step-title")).ToHaveTextAsync("think");
        await Expect(console.Page.Locator(".step-detail .json-view").First).ToContainTextAsync("3s");
        await console.ScreenshotAsync("goal-graph");

        await console.Page.GetByRole(AriaRole.Tab, new() { Name = "Timeline" }).ClickAsync();
        await Expect(console.Page.Locator(".tl-row[data-step]")).ToHaveCountAsync(6);
        await Expect(console.Page.Locator(".tl-seg.tl-run-Succeeded")).ToHaveCountAsync(6);
        await Expect(console.Page.Locator(".tl-mark.ok")).ToHaveCountAsync(6);
        await console.ScreenshotAsync("goal-timeline");

        await console.Page.GetByRole(AriaRole.Tab, new() { Name = "Result" }).ClickAsync();
        await Expect(console.Page.Locator(".tab-panel .json-view")).ToContainTextAsync("saved");
        console.AssertNoConsoleErrors();
    }

    [ChromiumFact]
    public async Task SubmitSkill_FromTheGeneratedForm_RunsAndShowsFieldErrorsFirst()
    {
        await using var console = await host.OpenAsync();
        await console.SignInAsync("#/submit");
        await console.Page.SelectOptionAsync("#skill-select", "write-note");
        await Expect(console.Page.Locator("#skill-input-name")).ToBeVisibleAsync();
        await Expect(console.Page.Locator("#skill-input-body")).ToBeVisibleAsync();
        await console.Page.FillAsync("#goal-title", "A note from the console");

        // The host checks the inputs against the skill's schema; its 422 lands beside the field.
        await console.Page.FillAsync("#skill-input-name", "not a valid name!");
        await console.Page.FillAsync("#skill-input-body", "hello from the browser");
        await console.ScreenshotAsync("submit-skill");
        console.ExpectRefusal(422, "/api/goals");
        await console.Page.ClickAsync("#submit-goal");
        await Expect(console.Page.Locator("#skill-input-name-error")).Not.ToBeEmptyAsync();
        await Expect(console.Page.Locator("#skill-input-name")).ToHaveAttributeAsync("aria-invalid", "true");

        await console.Page.FillAsync("#skill-input-name", "console-note");
        await console.Page.ClickAsync("#submit-goal");
        await Expect(console.Page.Locator(".goal-title")).ToHaveTextAsync("A note from the console");
        await Expect(console.Page.Locator(".goal-title + span .badge")).ToHaveTextAsync("Succeeded", new() { Timeout = 30_000 });
        console.AssertNoConsoleErrors();
        var id = console.Page.Url.Split("#/goals/")[1].Split('?')[0];
        var goal = await host.Host.Client.GetGoalAsync(Uri.UnescapeDataString(id));
        Assert.Equal("write-note", goal["skill"]!.GetValue<string>());
    }

    [ChromiumFact]
    public async Task GoalsList_CountsFilterAndTitleSearch_ShowTheMatchingGoals()
    {
        var marker = Guid.NewGuid().ToString("N")[..6];
        var found = await host.Host.Client.SubmitAsync(Goal($"Find me {marker}", Step("a", "echo", new { })));
        await host.Host.Client.SubmitAsync(Goal($"Other {marker}", Step("a", "echo", new { })));
        await host.Host.Client.WaitFinishedAsync(found, TimeSpan.FromSeconds(30));

        await using var console = await host.OpenAsync();
        await console.SignInAsync();
        await Expect(console.Page.Locator(".chip").First).ToContainTextAsync("All");
        await console.Page.FillAsync("#goal-search", $"find ME {marker}");
        await Expect(console.Page.Locator(".goals-table tbody tr")).ToHaveCountAsync(1);
        await Expect(console.Page.Locator(".goals-table tbody tr")).ToHaveAttributeAsync("data-id", found);
        await Expect(console.Page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("title=find"));

        await console.Page.FillAsync("#goal-search", "");
        await console.Page.Locator(".chip-Succeeded").ClickAsync();
        await Expect(console.Page.Locator(".chip-Succeeded")).ToHaveAttributeAsync("aria-pressed", "true");
        await Expect(console.Page.Locator(".goals-table tbody .badge").First).ToHaveTextAsync("Succeeded");
        await console.Page.Locator(".chip").First.ClickAsync();
        await console.ScreenshotAsync("goals");
        await console.Page.Locator($".goals-table tbody tr[data-id='{found}'] a").ClickAsync();
        await Expect(console.Page.Locator(".goal-title")).ToHaveTextAsync($"Find me {marker}");
        console.AssertNoConsoleErrors();
    }

    [ChromiumFact]
    public async Task Graph_200Steps_NoOverlapsEveryNodeTurnsGreenAndTheViewScrollsAndZooms()
    {
        // Ten layers of twenty, each step depending on one or two of the layer before (a seeded, fixed shape).
        var random = new Random(12);
        var steps = new List<JsonObject>();
        for (var layer = 0; layer < 10; layer++)
        {
            for (var i = 0; i < 20; i++)
            {
                var deps = layer == 0 ? Array.Empty<string>() : Enumerable.Range(0, random.Next(1, 3)).Select(_ => $"s{layer - 1}_{random.Next(20)}").Distinct().ToArray();
                steps.Add(Step($"s{layer}_{i}", "echo", new { n = i }, deps));
            }
        }

        var id = await host.Host.Client.SubmitAsync(Goal("Two hundred steps", [.. steps]));
        await using var console = await host.OpenAsync();
        await console.SignInAsync($"#/goals/{id}");
        await Expect(console.Page.Locator(".dag-node")).ToHaveCountAsync(200);
        await Expect(console.Page.Locator(".dag-node.status-Succeeded")).ToHaveCountAsync(200, new() { Timeout = 90_000 });

        var overlaps = await console.Page.EvaluateAsync<int>("""
            () => {
              const boxes = [...document.querySelectorAll('.dag-node rect:first-of-type')].map(r => r.getBoundingClientRect());
              let n = 0;
              for (let i = 0; i < boxes.length; i++)
                for (let j = i + 1; j < boxes.length; j++) {
                  const a = boxes[i], b = boxes[j];
                  if (a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom) n++;
                }
              return n;
            }
            """);
        Assert.Equal(0, overlaps);
        var edges = steps.Sum(s => s["dependsOn"]?.AsArray().Count ?? 0);
        await Expect(console.Page.Locator(".dag-edge")).ToHaveCountAsync(edges);
        await console.ScreenshotAsync("goal-200-steps", fullPage: false);

        // At actual size the plan is larger than its frame, which scrolls (the page itself does not widen).
        await console.Page.GetByRole(AriaRole.Button, new() { Name = "Actual size (0)" }).ClickAsync();
        await Expect(console.Page.Locator(".zoom-label")).ToHaveTextAsync("100%");
        var scrolled = await console.Page.EvaluateAsync<double[]>("""
            () => {
              const f = document.querySelector('.dag-frame');
              f.scrollTop = 300; f.scrollLeft = 300;
              return [f.scrollHeight - f.clientHeight, f.scrollWidth - f.clientWidth, f.scrollTop, f.scrollLeft,
                      document.documentElement.scrollWidth - document.documentElement.clientWidth];
            }
            """);
        Assert.True(scrolled[0] > 0 || scrolled[1] > 0, "at 100% a 200-step plan should overflow its frame");
        Assert.True(scrolled[2] > 0 || scrolled[3] > 0, "the frame should scroll");
        Assert.Equal(0, scrolled[4]);

        // Zoom in and out with the keyboard: the drawing grows and shrinks, and nodes still do not overlap.
        var widthAt = (Func<Task<double>>)(() => console.Page.EvaluateAsync<double>("() => document.querySelector('svg.dag').getBoundingClientRect().width"));
        var atOne = await widthAt();
        await console.Page.Locator(".dag-node").First.FocusAsync();
        await console.Page.Keyboard.PressAsync("=");
        await Expect(console.Page.Locator(".zoom-label")).ToHaveTextAsync("125%");
        Assert.True(await widthAt() > atOne * 1.2);
        await console.Page.Keyboard.PressAsync("-");
        await console.Page.Keyboard.PressAsync("-");
        await Expect(console.Page.Locator(".zoom-label")).ToHaveTextAsync("80%");
        Assert.True(await widthAt() < atOne * 0.85);

        // Fit makes the whole plan visible in the frame.
        await console.Page.GetByRole(AriaRole.Button, new() { Name = "Fit the whole plan" }).ClickAsync();
        var fits = await console.Page.EvaluateAsync<bool>("() => { const f = document.querySelector('.dag-frame'); return f.scrollWidth <= f.clientWidth + 1 && f.scrollHeight <= f.clientHeight + 1; }");
        Assert.True(fits, "after Fit the plan should not need scrolling");
        console.AssertNoConsoleErrors();
    }
}
