// Model usage: what the models cost, by model, by agent and by principal, summed from the goals the key can see (the
// API keeps usage per goal: GET /api/goals/{id} `usage`), over the latest 50, 200 or 500 goals; and the goals that
// used the most. Goals are read a few at a time; leaving the page stops the reading.
import { all, api, seg } from "../api.js";
import { fmtFull, fmtNumber, fmtTime, h, replace, statusBadge } from "../dom.js";
import { registerPage } from "../registry.js";
import { addUsage, usageTable } from "../views/usage-view.js";

const SPANS = ["50", "200", "500"];
const PARALLEL = 6;
const TOP = 15;

registerPage({
  route: "usage",
  title: "Model usage",
  nav: { label: "Model usage", order: 48 },
  async render(root, ctx) {
    const span = h("select", { id: "usage-span", "aria-label": "Goals to sum" }, SPANS.map(n => h("option", { value: n }, `latest ${n} goals`)));
    span.value = SPANS.includes(ctx.query.get("goals")) ? ctx.query.get("goals") : "50";
    const progress = h("span", { class: "muted small", id: "usage-progress", "aria-live": "polite" });
    const body = h("div", { class: "usage-body" });
    const error = h("p", { class: "form-error", role: "alert" });
    root.append(h("div", { class: "page-head" }, h("h1", null, "Model usage"), h("div", { class: "actions" }, span, progress)),
      h("p", { class: "muted" }, "Calls, tokens and model time of planning, agents and llm.* steps, summed from each goal's own figures (the goals this key can see)."),
      error, body);

    let run = 0;
    async function load() {
      const mine = ++run;
      ctx.setQuery({ goals: span.value === "50" ? "" : span.value });
      replace(body);
      try {
        const [summaries, agents] = await Promise.all([
          all("/api/goals", { signal: ctx.signal, max: Number(span.value), limit: Math.min(500, Number(span.value)) }),
          all("/api/agents", { signal: ctx.signal }).catch(() => []),
        ]);
        const goals = summaries.slice(0, Number(span.value));
        const byModel = {};
        const byAgent = {};
        const byPrincipal = {};
        let total = null;
        const costly = [];
        let done = 0;
        let next = 0;
        const worker = async () => {
          while (next < goals.length && mine === run) {
            const g = goals[next++];
            try {
              const full = await api(`/api/goals/${seg(g.id)}`, { signal: ctx.signal });
              const u = full.usage;
              if (u?.total?.calls) {
                for (const [k, v] of Object.entries(u.byModel)) byModel[k] = addUsage(byModel[k], v);
                for (const [k, v] of Object.entries(u.byAgent)) byAgent[k] = addUsage(byAgent[k], v);
                byPrincipal[full.owner] = addUsage(byPrincipal[full.owner], u.total);
                total = addUsage(total, u.total);
                costly.push({ goal: full, usage: u.total });
              }
            } catch (e) {
              if (e.name === "AbortError") throw e;
              // A goal removed meanwhile: skipped.
            }
            done += 1;
            if (mine === run) progress.textContent = `read ${done} of ${goals.length} goals`;
          }
        };
        await Promise.all(Array.from({ length: Math.min(PARALLEL, goals.length) }, worker));
        if (mine !== run) return;
        progress.textContent = `${goals.length} goal${goals.length === 1 ? "" : "s"} read`;
        error.textContent = "";
        const modelOf = new Map(agents.map(a => [a.name, a.model]));
        costly.sort((a, b) => b.usage.inputTokens + b.usage.outputTokens - (a.usage.inputTokens + a.usage.outputTokens));
        replace(body,
          total ? h("dl", { class: "facts facts-row usage-total" },
            h("div", null, h("dt", null, "Model calls"), h("dd", null, fmtNumber(total.calls))),
            h("div", null, h("dt", null, "Tokens in"), h("dd", null, fmtNumber(total.inputTokens))),
            h("div", null, h("dt", null, "Tokens out"), h("dd", null, fmtNumber(total.outputTokens))),
            h("div", null, h("dt", null, "Model time"), h("dd", null, `${total.seconds.toFixed(1)} s`)),
            h("div", null, h("dt", null, "Goals that used a model"), h("dd", null, `${costly.length} of ${goals.length}`))) : null,
          h("h2", null, "By model"), usageTable(byModel, { label: "Model", total, cls: "usage-by-model" }),
          h("h2", null, "By agent"), usageTable(byAgent, { label: "Agent", cls: "usage-by-agent", link: name => [h("code", null, name), modelOf.get(name) ? h("span", { class: "muted small" }, ` ${modelOf.get(name)}`) : null] }),
          h("h2", null, "By principal"), usageTable(byPrincipal, { label: "Principal", total, cls: "usage-by-principal" }),
          h("h2", null, "Goals that used the most"),
          costly.length ? h("div", { class: "card table-card" }, h("table", { class: "list compact usage-goals" },
            h("thead", null, h("tr", null, ["Status", "Goal", "Owner", "Created", "Calls", "Tokens in", "Tokens out"].map((t, i) => h("th", { scope: "col", class: i >= 4 ? "num" : i === 2 || i === 3 ? "wide-only" : null }, t)))),
            h("tbody", null, costly.slice(0, TOP).map(({ goal, usage }) => h("tr", null,
              h("td", null, statusBadge(goal.status)),
              h("td", null, h("a", { href: `#/goals/${encodeURIComponent(goal.id)}?tab=usage` }, goal.title)),
              h("td", { class: "wide-only" }, goal.owner),
              h("td", { class: "wide-only", title: fmtFull(goal.createdAt) }, fmtTime(goal.createdAt)),
              h("td", { class: "num" }, fmtNumber(usage.calls)),
              h("td", { class: "num" }, fmtNumber(usage.inputTokens)),
              h("td", { class: "num" }, fmtNumber(usage.outputTokens)))))))
            : h("p", { class: "empty" }, "None of these goals used a model."));
      } catch (e) {
        if (e.name !== "AbortError") error.textContent = e.message;
      }
    }

    span.addEventListener("change", load);
    await load();
    return () => {
      run += 1;
    };
  },
});
