// The goal as a Gantt chart: one row per step with its time queued (ready, waiting for a slot), waiting for a person,
// and running, on one time axis from the goal's creation; ticks mark each attempt's end as the audit log recorded it
// (failed ones in red), so retries show where they happened.
import { fmtDuration, fmtTime, h, statusLabel } from "../dom.js";

const ACTIVE = new Set(["Pending", "Running", "WaitingForApproval"]);

const ms = iso => (iso ? new Date(iso).getTime() : null);

/** Segments of one step: [{ kind, from, to }] in ms, plus its attempt marks. */
export function stepSegments(step, byId, goalStart, now) {
  const deps = (step.dependsOn || []).map(d => byId.get(d)).filter(Boolean);
  const depsDone = deps.every(d => d.finishedAt);
  const ready = deps.length === 0 ? goalStart : depsDone ? Math.max(...deps.map(d => ms(d.finishedAt))) : null;
  const waitStart = ms(step.approvalRequestedAt);
  const runStart = ms(step.startedAt);
  const end = ms(step.finishedAt) ?? (ACTIVE.has(step.status) ? now : null);
  const segments = [];
  if (ready !== null) {
    const queuedEnd = waitStart ?? runStart ?? end;
    if (queuedEnd !== null && queuedEnd > ready) segments.push({ kind: "queued", from: ready, to: queuedEnd });
  }
  if (waitStart !== null) {
    const waitEnd = runStart ?? end ?? now;
    segments.push({ kind: "waiting", from: waitStart, to: Math.max(waitStart, waitEnd) });
  }
  if (runStart !== null) segments.push({ kind: `run-${step.status}`, from: runStart, to: Math.max(runStart, end ?? now) });
  return segments;
}

function niceStep(span) {
  const target = span / 6;
  const steps = [100, 250, 500, 1000, 2000, 5000, 10000, 15000, 30000, 60000, 120000, 300000, 600000, 900000, 1800000, 3600000, 7200000, 21600000, 43200000, 86400000];
  return steps.find(s => s >= target) || 86400000;
}

/**
 * Renders the timeline. attempts: Map(stepId -> [{ at, outcome, detail }]); onSelect(stepId) when a row is chosen.
 */
export function timelineView({ goal, attempts, onSelect, now = Date.now() }) {
  const steps = goal.steps;
  const byId = new Map(steps.map(st => [st.id, st]));
  const start = ms(goal.createdAt);
  const finished = !ACTIVE.has(goal.status) && goal.status !== "Planning";
  const lastTimes = steps.flatMap(st => [ms(st.finishedAt), ms(st.startedAt)]).filter(Boolean);
  const end = Math.max(start + 1000, finished ? Math.max(ms(goal.updatedAt), ...lastTimes) : now);
  const span = end - start;
  const pct = t => `${(((t - start) / span) * 100).toFixed(3)}%`;
  const width = (a, b) => `${Math.max(0.25, ((b - a) / span) * 100).toFixed(3)}%`;

  const tick = niceStep(span);
  const ticks = [];
  for (let t = 0; t <= span; t += tick) ticks.push(t);
  const axis = h("div", { class: "tl-axis", "aria-hidden": "true" });
  for (const t of ticks) {
    const label = h("span", { class: "tl-tick" }, t === 0 ? "0" : `+${fmtDuration(t)}`);
    label.style.left = pct(start + t);
    axis.append(label);
  }

  const rows = steps.map(step => {
    const track = h("div", { class: "tl-track" });
    for (const t of ticks.slice(1)) {
      const line = h("span", { class: "tl-gridline" });
      line.style.left = pct(start + t);
      track.append(line);
    }
    for (const seg of stepSegments(step, byId, start, now)) {
      const kindLabel = seg.kind === "queued" ? "queued" : seg.kind === "waiting" ? "waiting for approval" : statusLabel(step.status).toLowerCase();
      const bar = h("span", { class: `tl-seg tl-${seg.kind}`, title: `${kindLabel}: ${fmtDuration(seg.to - seg.from)} (${fmtTime(new Date(seg.from).toISOString())} → ${fmtTime(new Date(seg.to).toISOString())})` });
      bar.style.left = pct(seg.from);
      bar.style.width = width(seg.from, seg.to);
      track.append(bar);
    }
    (attempts.get(step.id) || []).forEach((a, i) => {
      const mark = h("span", { class: `tl-mark ${a.outcome === "ok" ? "ok" : "bad"}`, title: `attempt ${i + 1} ended ${fmtTime(a.at)}: ${a.outcome}${a.detail ? ` (${a.detail})` : ""}` });
      mark.style.left = pct(Math.min(end, Math.max(start, ms(a.at))));
      track.append(mark);
    });
    const runTime = step.startedAt ? fmtDuration((ms(step.finishedAt) ?? now) - ms(step.startedAt)) : "";
    return h("div", { class: "tl-row", dataset: { step: step.id } },
      h("button", { type: "button", class: "tl-label", title: step.id, onclick: () => onSelect?.(step.id) },
        h("span", { class: `dot status-${step.status}`, "aria-hidden": "true" }),
        h("span", { class: "tl-name" }, step.id)),
      track,
      h("span", { class: "tl-time muted" }, runTime, step.attempts > 1 ? ` · ${step.attempts}×` : ""));
  });

  const legend = h("div", { class: "tl-legend", "aria-hidden": "true" },
    h("span", null, h("i", { class: "tl-queued" }), "queued"),
    h("span", null, h("i", { class: "tl-waiting" }), "waiting for approval"),
    h("span", null, h("i", { class: "tl-run-Running" }), "running"),
    h("span", null, h("i", { class: "tl-run-Succeeded" }), "succeeded"),
    h("span", null, h("i", { class: "tl-run-Failed" }), "failed"),
    h("span", null, h("i", { class: "tl-mark-key bad" }), "attempt failed"),
    h("span", null, h("i", { class: "tl-mark-key ok" }), "attempt ended"));

  return h("div", { class: "timeline", role: "group", "aria-label": "Timeline" },
    legend,
    h("div", { class: "tl-grid" }, h("div", { class: "tl-row tl-head" }, h("span"), axis, h("span")), rows),
    h("p", { class: "muted small" }, `From ${fmtTime(goal.createdAt)}, ${fmtDuration(span)} shown${finished ? "" : " (live)"}.`));
}
