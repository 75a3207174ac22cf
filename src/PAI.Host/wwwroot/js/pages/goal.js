// One goal, live: the plan as a graph and as a timeline, each step's detail, the result and the event log. The page
// follows GET /api/goals/{id}/events: a snapshot, then one event per transition (each also refetches the goal, at
// most a few times a second, for timings and outputs), reconnecting after a gap until the goal finishes.
import { api, all, seg, stream, withQuery } from "../api.js";
import { confirmButton, decide } from "../actions.js";
import { between, debounce, fmtDuration, fmtFull, fmtNumber, fmtTime, h, replace, statusBadge, statusLabel } from "../dom.js";
import { registerPage } from "../registry.js";
import { dagView } from "../views/dag-view.js";
import { jsonView } from "../views/json-view.js";
import { leaseOf, stepDetail } from "../views/step-detail.js";
import { timelineView } from "../views/timeline.js";
import { goalUsageView } from "../views/usage-view.js";

const FINAL = new Set(["Succeeded", "Failed", "Cancelled"]);
const TABS = [["graph", "Graph"], ["timeline", "Timeline"], ["result", "Result"], ["usage", "Usage"], ["events", "Events"]];
const MAX_EVENTS = 500;

registerPage({
  route: "goals/*",
  title: "Goal",
  async render(root, ctx) {
    const id = ctx.params[0];
    let goal = await api(`/api/goals/${seg(id)}`, { signal: ctx.signal });
    let tab = TABS.some(([t]) => t === ctx.query.get("tab")) ? ctx.query.get("tab") : "graph";
    let selected = goal.steps.some(st => st.id === ctx.query.get("step")) ? ctx.query.get("step") : null;
    let attempts = new Map();
    const transcripts = new Map();
    let gpus = [];
    let dag = null;
    let planKey = "";
    const events = [];
    document.title = `${goal.title} · PAI`;

    const titleEl = h("h1", { class: "goal-title" });
    const statusEl = h("span");
    const cancel = h("button", { type: "button", class: "danger ghost" });
    confirmButton(cancel, "Cancel goal", "Confirm cancel", async () => {
      try {
        await api(`/api/goals/${seg(id)}/cancel`, { method: "POST" });
        ctx.toast("Goal cancelled.");
        refetch();
      } catch (e) {
        ctx.toast(e.message, "error");
      }
    });
    const facts = h("dl", { class: "facts facts-row" });
    const progress = h("div", { class: "progress", role: "img" });
    const errorEl = h("div", { class: "alert alert-error", role: "alert", hidden: true });
    const live = h("span", { class: "live-dot", title: "Following live events", hidden: true }, "live");
    const tabList = h("div", { class: "tabs", role: "tablist", "aria-label": "Goal views" });
    const panel = h("section", { class: "tab-panel", role: "tabpanel", tabindex: "0" });
    const side = h("aside", { class: "step-panel card", "aria-label": "Step detail" });

    root.append(
      h("nav", { class: "crumbs", "aria-label": "Breadcrumb" }, h("a", { href: "#/goals" }, "Goals"), " / ", h("span", { class: "mono" }, id)),
      h("div", { class: "page-head" }, h("div", { class: "title-row" }, titleEl, statusEl, live), cancel),
      facts, progress, errorEl, tabList,
      h("div", { class: "goal-body" }, panel, side));

    function renderHead() {
      titleEl.textContent = goal.title;
      replace(statusEl, statusBadge(goal.status));
      cancel.hidden = FINAL.has(goal.status);
      const end = FINAL.has(goal.status) ? goal.updatedAt : null;
      replace(facts,
        h("div", null, h("dt", null, "Owner"), h("dd", null, goal.owner)),
        goal.skill ? h("div", null, h("dt", null, "Skill"), h("dd", null, h("code", null, goal.skill))) : null,
        h("div", null, h("dt", null, "Created"), h("dd", { title: fmtFull(goal.createdAt) }, fmtTime(goal.createdAt))),
        h("div", null, h("dt", null, FINAL.has(goal.status) ? "Took" : "Running for"), h("dd", null, fmtDuration(between(goal.createdAt, end)))),
        h("div", null, h("dt", null, "Steps"), h("dd", null, String(goal.steps.length))),
        goal.usage?.total?.calls ? h("div", null, h("dt", null, "Tokens"), h("dd", null,
          h("button", { type: "button", class: "link", id: "usage-fact", onclick: () => setTab("usage") }, `${fmtNumber(goal.usage.total.inputTokens)} in / ${fmtNumber(goal.usage.total.outputTokens)} out`))) : null);
      const counts = {};
      for (const st of goal.steps) counts[st.status] = (counts[st.status] || 0) + 1;
      const parts = Object.entries(counts).sort((a, b) => order(a[0]) - order(b[0]));
      replace(progress, parts.map(([st, n]) => {
        const bar = h("span", { class: `progress-part status-${st}`, title: `${n} ${statusLabel(st).toLowerCase()}` });
        bar.style.flexGrow = String(n);
        return bar;
      }));
      progress.setAttribute("aria-label", parts.map(([st, n]) => `${n} ${statusLabel(st).toLowerCase()}`).join(", "));
      errorEl.hidden = !goal.error;
      errorEl.textContent = goal.error || "";
    }

    const order = st => ["Succeeded", "Failed", "Cancelled", "Skipped", "Running", "WaitingForApproval", "Pending"].indexOf(st);

    function renderTabs() {
      replace(tabList, TABS.map(([key, label]) => {
        const b = h("button", { type: "button", role: "tab", id: `tab-${key}`, "aria-selected": String(tab === key), tabindex: tab === key ? "0" : "-1", onclick: () => setTab(key) }, label);
        b.addEventListener("keydown", e => {
          const i = TABS.findIndex(([k]) => k === key);
          const next = e.key === "ArrowRight" ? TABS[(i + 1) % TABS.length] : e.key === "ArrowLeft" ? TABS[(i + TABS.length - 1) % TABS.length] : null;
          if (next) {
            setTab(next[0]);
            document.getElementById(`tab-${next[0]}`)?.focus();
          }
        });
        return b;
      }));
      panel.setAttribute("aria-labelledby", `tab-${tab}`);
    }

    function setTab(key) {
      tab = key;
      ctx.setQuery({ tab: key === "graph" ? "" : key, step: selected });
      renderTabs();
      renderPanel(true);
      if (key === "timeline") loadAttempts();
    }

    function renderPanel(force) {
      if (tab === "graph") {
        const key = goal.steps.map(st => `${st.id}<${(st.dependsOn || []).join(",")}`).join(";");
        if (!dag || key !== planKey) {
          planKey = key;
          dag = goal.steps.length ? dagView({ steps: goal.steps, onSelect: select }) : null;
          force = true;
        }
        if (force) replace(panel, dag ? dag.el : h("p", { class: "empty" }, goal.status === "Planning" ? "The plan is being made…" : "This goal has no steps."));
        dag?.update(goal.steps);
        if (selected) dag?.select(selected);
      } else if (tab === "timeline") {
        replace(panel, timelineView({ goal, attempts, onSelect: select }));
      } else if (tab === "usage") {
        replace(panel, goalUsageView(goal));
      } else if (tab === "result") {
        replace(panel, goal.result === null || goal.result === undefined
          ? h("p", { class: "empty" }, FINAL.has(goal.status) ? "This goal has no result (it did not succeed)." : "The result appears when the goal succeeds.")
          : h("div", null, h("p", { class: "muted small" }, "The outputs of the final steps, by step id."), jsonView(goal.result, { open: 3 })));
      } else if (force || tab === "events") {
        replace(panel, events.length
          ? h("ol", { class: "event-log" }, events.slice().reverse().map(e => h("li", null,
            h("time", { title: fmtFull(e.at) }, fmtTime(e.at)), " ", h("span", { class: "muted" }, e.kind), " ",
            e.stepId ? h("button", { type: "button", class: "link", onclick: () => select(e.stepId) }, e.stepId) : null, " ",
            h("span", { class: `status-text status-${e.status}` }, statusLabel(e.status)), e.detail ? h("span", { class: "muted" }, ` ${e.detail}`) : null)))
          : h("p", { class: "empty" }, FINAL.has(goal.status) ? "The goal had finished when this page opened: its transitions are in the timeline and the audit log." : "Waiting for the first transition…"));
      }
    }

    function renderSide() {
      const step = goal.steps.find(st => st.id === selected);
      if (!step) {
        replace(side, h("div", { class: "step-detail" }, h("h2", null, "Steps"), h("p", { class: "muted" }, "Select a step in the graph or the timeline (Tab, arrow keys, Enter) to see its input, output, attempts and timings.")));
        return;
      }
      const focused = side.contains(document.activeElement) ? document.activeElement?.id : null;
      const comment = side.querySelector("#decision-comment")?.value;
      replace(side, stepDetail({
        goal,
        step,
        attempts: attempts.get(step.id),
        lease: leaseOf(goal.id, step, gpus),
        transcript: transcripts.get(step.id),
        onSelect: select,
        onDecide: async (approve, text) => {
          await decide(goal.id, step.id, approve, text);
          ctx.toast(`${approve ? "Approved" : "Rejected"} step ${step.id}.`);
          ctx.approvalsChanged();
          refetch();
        },
      }));
      if (comment) side.querySelector("#decision-comment").value = comment;
      if (focused) document.getElementById(focused)?.focus();
    }

    function select(stepId) {
      selected = stepId;
      ctx.setQuery({ tab: tab === "graph" ? "" : tab, step: stepId });
      dag?.select(stepId);
      renderSide();
      loadAttempts();
      loadGpus();
      loadTranscript();
      if (window.matchMedia("(max-width: 900px)").matches) side.scrollIntoView({ block: "start" });
      document.getElementById("step-title")?.setAttribute("tabindex", "-1");
    }

    function setGoal(next) {
      goal = next;
      renderHead();
      renderPanel(false);
      renderSide();
    }

    const refetch = debounce(async () => {
      try {
        setGoal(await api(`/api/goals/${seg(id)}`, { signal: ctx.signal }));
      } catch (e) {
        if (e.name !== "AbortError") ctx.toast(e.message, "error");
      }
    }, 200);

    const loadAttempts = debounce(async () => {
      try {
        const entries = await all(withQuery("/api/audit", { goal: id, kind: "tool.call" }), { max: 2000, signal: ctx.signal });
        const next = new Map();
        for (const e of entries) {
          const [stepId, ...phase] = (e.stepId || "").split("/");
          if (!next.has(stepId)) next.set(stepId, []);
          next.get(stepId).push({ at: e.at, outcome: e.outcome, detail: e.detail, phase: phase.join("/") });
        }
        attempts = next;
        if (tab === "timeline") renderPanel(false);
        renderSide();
      } catch (e) {
        if (e.name !== "AbortError" && e.status !== 403) ctx.toast(`Attempts: ${e.message}`, "error");
      }
    }, 300);

    // A step's agent conversation, for task and skill steps (an agent's loop saves it after every turn and call).
    const loadTranscript = debounce(async () => {
      const step = goal.steps.find(st => st.id === selected);
      if (!step || (!step.task && !step.skill && !transcripts.has(step.id))) return;
      try {
        const page = await api(`/api/goals/${seg(id)}/steps/${seg(step.id)}/transcript`, { signal: ctx.signal });
        transcripts.set(step.id, page.items);
        if (selected === step.id) renderSide();
      } catch (e) {
        if (e.name !== "AbortError" && e.status !== 404) ctx.toast(`Transcript: ${e.message}`, "error");
      }
    }, 300);

    async function loadGpus() {
      const step = goal.steps.find(st => st.id === selected);
      if (!step || (step.status !== "Running" && step.tool !== "gpu.run")) return;
      try {
        gpus = (await api("/api/gpus?limit=500", { signal: ctx.signal })).items;
        renderSide();
      } catch {
        gpus = [];
      }
    }

    function onEvent({ event, data }) {
      if (event === "snapshot") {
        setGoal(data);
        return;
      }
      events.push(data);
      if (events.length > MAX_EVENTS) events.shift();
      if (data.kind === "goal") goal = { ...goal, status: data.status };
      else {
        const st = goal.steps.find(x => x.id === data.stepId);
        if (st && data.status !== "Retrying") st.status = data.status;
        if (st && data.status === "Retrying") st.attempts = Number(/\d+/.exec(data.detail || "")?.[0] || st.attempts);
      }
      renderHead();
      renderPanel(false);
      if (data.stepId === selected || data.kind === "goal") renderSide();
      refetch();
      if (tab === "timeline" || selected) loadAttempts();
      if (selected && (data.stepId === selected || data.kind === "output")) loadTranscript();
    }

    async function follow() {
      live.hidden = false;
      while (!ctx.signal.aborted && !FINAL.has(goal.status)) {
        try {
          await stream(`/api/goals/${seg(id)}/events`, { signal: ctx.signal, onEvent });
        } catch (e) {
          if (e.name === "AbortError") return;
        }
        if (!FINAL.has(goal.status)) await new Promise(r => setTimeout(r, 1500));
      }
      live.hidden = true;
      refetch();
    }

    renderHead();
    renderTabs();
    renderPanel(true);
    renderSide();
    if (selected) select(selected);
    if (tab === "timeline") loadAttempts();
    follow();
    // Live bars grow while steps run.
    ctx.every(1000, () => tab === "timeline" && !FINAL.has(goal.status) && renderPanel(false));
    return () => {
      refetch.cancel();
      loadAttempts.cancel();
      loadTranscript.cancel();
    };
  },
});
