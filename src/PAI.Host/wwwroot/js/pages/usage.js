// Model usage: what the models cost over a time window, by model, by agent and by principal, and the goals that used
// the most. Summed on the host (GET /api/usage) from each goal's own usage record over the goals created in the
// window: the key's own principal, or every principal for admin and operator keys.
import { api, withQuery } from "../api.js";
import { fmtFull, fmtNumber, fmtTime, h, replace, statusBadge } from "../dom.js";
import { registerPage } from "../registry.js";
import { usageTable } from "../views/usage-view.js";

const WINDOWS = [["1", "last day"], ["7", "last 7 days"], ["30", "last 30 days"], ["90", "last 90 days"]];
const WHOSE = [["", "mine"], ["*", "every principal"]];

registerPage({
  route: "usage",
  title: "Model usage",
  nav: { label: "Model usage", order: 48 },
  requires: "/api/usage",
  async render(root, ctx) {
    const days = h("select", { id: "usage-window", "aria-label": "Goals created in", style: { width: "auto" } }, WINDOWS.map(([v, label]) => h("option", { value: v }, label)));
    days.value = WINDOWS.some(([v]) => v === ctx.query.get("days")) ? ctx.query.get("days") : "7";
    const whose = h("select", { id: "usage-whose", "aria-label": "Whose goals", style: { width: "auto" } }, WHOSE.map(([v, label]) => h("option", { value: v }, label)));
    whose.value = ctx.query.get("principal") === "*" ? "*" : "";
    const progress = h("span", { class: "muted small", id: "usage-progress", "aria-live": "polite" });
    const body = h("div", { class: "usage-body" });
    const error = h("p", { class: "form-error", role: "alert" });
    root.append(h("div", { class: "page-head" }, h("h1", null, "Model usage"), h("div", { class: "actions" }, days, whose, progress)),
      h("p", { class: "muted" }, "Calls, tokens and model time of planning, agents and llm.* steps, summed by the host from each goal's own figures over the goals created in the window."),
      error, body);

    let run = 0;
    async function load() {
      const mine = ++run;
      ctx.setQuery({ days: days.value === "7" ? "" : days.value, principal: whose.value });
      progress.textContent = "reading…";
      try {
        const from = new Date(Date.now() - Number(days.value) * 86400000).toISOString();
        const u = await api(withQuery("/api/usage", { from, principal: whose.value || null }), { signal: ctx.signal });
        if (mine !== run) return;
        error.textContent = "";
        progress.textContent = `${fmtNumber(u.goals)} goal${u.goals === 1 ? "" : "s"} created in the window`;
        replace(body,
          h("dl", { class: "facts facts-row usage-total" },
            h("div", null, h("dt", null, "Model calls"), h("dd", null, fmtNumber(u.total.calls))),
            h("div", null, h("dt", null, "Tokens in"), h("dd", null, fmtNumber(u.total.inputTokens))),
            h("div", null, h("dt", null, "Tokens out"), h("dd", null, fmtNumber(u.total.outputTokens))),
            h("div", null, h("dt", null, "Model time"), h("dd", null, `${u.total.seconds.toFixed(1)} s`)),
            h("div", null, h("dt", null, "Goals that used a model"), h("dd", null, `${fmtNumber(u.goalsWithUsage)} of ${fmtNumber(u.goals)}`))),
          u.truncated ? h("p", { class: "alert" }, "More goals were created in this window than one answer reads: the newest were summed. Choose a shorter window.") : null,
          h("h2", null, "By model"), usageTable(u.byModel, { label: "Model", total: u.total, cls: "usage-by-model" }),
          h("h2", null, "By agent"), usageTable(u.byAgent, { label: "Agent", cls: "usage-by-agent" }),
          h("h2", null, "By principal"), usageTable(u.byPrincipal, { label: "Principal", total: u.total, cls: "usage-by-principal" }),
          h("h2", null, "Goals that used the most"),
          u.topGoals.length ? h("div", { class: "card table-card" }, h("table", { class: "list compact usage-goals" },
            h("thead", null, h("tr", null, ["Status", "Goal", "Owner", "Created", "Calls", "Tokens in", "Tokens out"].map((t, i) => h("th", { scope: "col", class: i >= 4 ? "num" : i === 2 || i === 3 ? "wide-only" : null }, t)))),
            h("tbody", null, u.topGoals.map(g => h("tr", null,
              h("td", null, statusBadge(g.status)),
              h("td", null, h("a", { href: `#/goals/${encodeURIComponent(g.id)}?tab=usage` }, g.title)),
              h("td", { class: "wide-only" }, g.owner),
              h("td", { class: "wide-only", title: fmtFull(g.createdAt) }, fmtTime(g.createdAt)),
              h("td", { class: "num" }, fmtNumber(g.usage.calls)),
              h("td", { class: "num" }, fmtNumber(g.usage.inputTokens)),
              h("td", { class: "num" }, fmtNumber(g.usage.outputTokens)))))))
            : h("p", { class: "empty" }, "No goal created in this window used a model."));
      } catch (e) {
        if (e.name === "AbortError" || mine !== run) return;
        progress.textContent = "";
        replace(body);
        error.textContent = e.status === 404 && whose.value === "*" ? "This key sees only its own usage (every principal's needs an admin or operator key)." : e.message;
      }
    }

    days.addEventListener("change", load);
    whose.addEventListener("change", load);
    await load();
    return () => {
      run += 1;
    };
  },
});
