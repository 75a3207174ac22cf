// Model usage: a table of calls, tokens in and out and seconds, one row per key (a model, an agent, a principal), with
// a total row; used by a goal's Usage tab and the Models page.
import { fmtNumber, h } from "../dom.js";

const ZERO = { calls: 0, inputTokens: 0, outputTokens: 0, seconds: 0 };

/** Adds usage b into a (a new object). */
export const addUsage = (a, b) => ({
  calls: (a?.calls || 0) + (b?.calls || 0),
  inputTokens: (a?.inputTokens || 0) + (b?.inputTokens || 0),
  outputTokens: (a?.outputTokens || 0) + (b?.outputTokens || 0),
  seconds: Math.round(((a?.seconds || 0) + (b?.seconds || 0)) * 1000) / 1000,
});

/** rows: { [key]: usage }; label: the first column's heading; total: a usage for the last row, if wanted. */
export function usageTable(rows, { label, total, cls = "", link } = {}) {
  const entries = Object.entries(rows || {}).sort((a, b) => b[1].inputTokens + b[1].outputTokens - (a[1].inputTokens + a[1].outputTokens) || a[0].localeCompare(b[0]));
  if (!entries.length) return h("p", { class: "empty" }, "No model calls.");
  const row = (key, u, isTotal) => h("tr", { class: isTotal ? "total" : null, dataset: isTotal ? null : { key } },
    h("td", null, isTotal ? h("strong", null, key) : link ? link(key) : h("code", null, key)),
    h("td", { class: "num" }, fmtNumber(u.calls)),
    h("td", { class: "num" }, fmtNumber(u.inputTokens)),
    h("td", { class: "num" }, fmtNumber(u.outputTokens)),
    h("td", { class: "num" }, fmtNumber(u.inputTokens + u.outputTokens)),
    h("td", { class: "num" }, `${(u.seconds || 0).toFixed(1)} s`));
  return h("div", { class: "table-card card" }, h("table", { class: `list compact usage-table ${cls}` },
    h("thead", null, h("tr", null, h("th", null, label), ["Calls", "Tokens in", "Tokens out", "Tokens", "Model time"].map(t => h("th", { class: "num" }, t)))),
    h("tbody", null, entries.map(([k, u]) => row(k, u, false)), total ? row("Total", total, true) : null)));
}

/** A goal's Usage tab: total, by model, by agent, the budget, and what each plan version cost. */
export function goalUsageView(goal) {
  const usage = goal.usage || { total: ZERO, byModel: {}, byAgent: {} };
  const budget = usage.budget;
  const versions = (goal.planning?.versions || []).filter(v => v.usage);
  return h("div", { class: "goal-usage" },
    h("dl", { class: "facts facts-row usage-total" },
      h("div", null, h("dt", null, "Model calls"), h("dd", null, fmtNumber(usage.total.calls))),
      h("div", null, h("dt", null, "Tokens in"), h("dd", null, fmtNumber(usage.total.inputTokens))),
      h("div", null, h("dt", null, "Tokens out"), h("dd", null, fmtNumber(usage.total.outputTokens))),
      h("div", null, h("dt", null, "Model time"), h("dd", null, `${usage.total.seconds} s`)),
      budget ? h("div", null, h("dt", null, "Budget"), h("dd", null,
        [budget.maxTokens != null ? `${fmtNumber(budget.maxTokens)} tokens` : null, budget.maxTurns != null ? `${budget.maxTurns} turns` : null,
          budget.deadline ? `deadline ${budget.deadline}` : null].filter(Boolean).join(", ") || "none")) : null),
    h("h3", null, "By model"), usageTable(usage.byModel, { label: "Model", cls: "usage-by-model" }),
    h("h3", null, "By agent"), h("p", { class: "muted small" }, "The agents' tool-calling loops: task steps, prompt phases, judge checks (planning and llm.* steps count by model only)."),
    usageTable(usage.byAgent, { label: "Agent", cls: "usage-by-agent" }),
    versions.length ? [h("h3", null, "Planning"), usageTable(Object.fromEntries(versions.map(v => [`v${v.version} ${v.source}${v.model ? ` (${v.model})` : ""}`, v.usage])), { label: "Plan version", cls: "usage-by-plan" })] : null);
}
