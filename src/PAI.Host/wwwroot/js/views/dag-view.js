// The plan as a live graph: the layout (dag-layout.js) is computed once per plan, then each update only changes the
// nodes' status classes, so a stream of events re-renders nothing else. Scrolls inside its frame; zooms with the
// buttons, Ctrl+wheel or + / - / 0 (zoom-frame.js); arrow keys move between steps, Enter or Space selects one.
import { h, s, statusLabel } from "../dom.js";
import { layoutDag, NODE_H, NODE_W } from "./dag-layout.js";
import { zoomFrame } from "./zoom-frame.js";

const clip = (text, chars) => (text.length > chars ? `${text.slice(0, chars - 1)}…` : text);

export function dagView({ steps, onSelect }) {
  const layout = layoutDag(steps);
  const byId = new Map(steps.map(st => [st.id, st]));
  const succ = new Map(steps.map(st => [st.id, []]));
  for (const st of steps) for (const d of st.dependsOn || []) succ.get(d)?.push(st.id);

  const svg = s("svg", { class: "dag", role: "group", "aria-label": `Plan graph, ${steps.length} step${steps.length === 1 ? "" : "s"}` });
  svg.append(s("defs", null,
    s("marker", { id: "dag-arrow", viewBox: "0 0 10 10", refX: "9", refY: "5", markerWidth: "8", markerHeight: "8", markerUnits: "userSpaceOnUse", orient: "auto-start-reverse" },
      s("path", { d: "M0,0 L10,5 L0,10 z", class: "dag-arrow" }))));

  const edgeEls = [];
  const edgeGroup = s("g", { class: "dag-edges" });
  for (const e of layout.edges) {
    const el = s("path", { d: e.d, class: "dag-edge", "marker-end": "url(#dag-arrow)" });
    el.dataset.from = e.from;
    el.dataset.to = e.to;
    edgeEls.push(el);
    edgeGroup.append(el);
  }
  svg.append(edgeGroup);

  // Nodes in reading order (column by column, top to bottom), which is also the Tab order.
  const ordered = [...layout.nodes.entries()].sort((a, b) => a[1].layer - b[1].layer || a[1].y - b[1].y);
  const column = new Map();
  const nodeEls = new Map();
  const nodeGroup = s("g", { class: "dag-nodes" });
  for (const [id, n] of ordered) {
    const st = byId.get(id);
    const what = st.tool || (st.skill ? `skill ${st.skill}` : "");
    const sub = s("text", { x: "12", y: "34", class: "dag-sub" });
    const g = s("g", { class: "dag-node", transform: `translate(${n.x},${n.y})`, tabindex: "0", role: "button" },
      s("title", null, `${id}${what ? ` (${what})` : ""}`),
      s("rect", { width: NODE_W, height: NODE_H, rx: "8" }),
      s("rect", { class: "dag-stripe", width: "5", height: NODE_H, rx: "2" }),
      s("text", { x: "12", y: "18", class: "dag-id" }, clip(id, 22)),
      sub);
    g.dataset.step = id;
    g._sub = sub;
    g._what = what;
    g.addEventListener("click", () => select(id, true));
    g.addEventListener("keydown", e => onNodeKey(e, id));
    nodeEls.set(id, g);
    nodeGroup.append(g);
    if (!column.has(n.layer)) column.set(n.layer, []);
    column.get(n.layer).push(id);
  }
  svg.append(nodeGroup);

  const view = zoomFrame(svg, {
    width: layout.width,
    height: layout.height,
    what: "plan",
    nodeSelector: ".dag-node",
    legend: h("span", { class: "dag-legend", "aria-hidden": "true" },
      ...["Pending", "Running", "WaitingForApproval", "Succeeded", "Failed", "Skipped"].map(st => h("span", { class: `legend-item status-${st}` }, h("i"), statusLabel(st)))),
  });
  const { el, frame } = view;

  let selected = null;

  function select(id, notify) {
    if (selected) nodeEls.get(selected)?.classList.remove("selected");
    selected = id;
    const g = nodeEls.get(id);
    g?.classList.add("selected");
    for (const e of edgeEls) e.classList.toggle("related", e.dataset.from === id || e.dataset.to === id);
    if (notify) onSelect?.(id);
  }

  function focusStep(id) {
    const g = nodeEls.get(id);
    if (!g) return;
    g.focus({ preventScroll: true });
    const n = layout.nodes.get(id);
    const scale = view.scale();
    const left = n.x * scale;
    const top = n.y * scale;
    if (left < frame.scrollLeft || left + NODE_W * scale > frame.scrollLeft + frame.clientWidth) frame.scrollLeft = left - 24;
    if (top < frame.scrollTop || top + NODE_H * scale > frame.scrollTop + frame.clientHeight) frame.scrollTop = top - 24;
  }

  function onNodeKey(e, id) {
    const n = layout.nodes.get(id);
    const col = column.get(n.layer);
    const i = col.indexOf(id);
    const moves = {
      ArrowDown: () => col[i + 1],
      ArrowUp: () => col[i - 1],
      ArrowRight: () => succ.get(id)?.[0] ?? column.get(n.layer + 1)?.[0],
      ArrowLeft: () => byId.get(id).dependsOn?.find(d => nodeEls.has(d)) ?? column.get(n.layer - 1)?.[0],
    };
    if (e.key === "Enter" || e.key === " ") {
      e.preventDefault();
      select(id, true);
    } else if (moves[e.key]) {
      e.preventDefault();
      const next = moves[e.key]();
      if (next) focusStep(next);
    }
  }

  function update(latest) {
    for (const st of latest) {
      const g = nodeEls.get(st.id);
      if (!g) continue;
      const cls = `dag-node status-${st.status}${st.id === selected ? " selected" : ""}`;
      if (g.getAttribute("class") !== cls) g.setAttribute("class", cls);
      const attempts = st.attempts > 1 ? ` · ${st.attempts} attempts` : "";
      const text = clip(`${g._what ? `${g._what} · ` : ""}${statusLabel(st.status)}${attempts}`, 28);
      if (g._sub.textContent !== text) g._sub.textContent = text;
      g.setAttribute("aria-label", `Step ${st.id}, ${statusLabel(st.status)}${attempts}`);
      g.dataset.status = st.status;
    }
    const status = new Map(latest.map(st => [st.id, st.status]));
    for (const e of edgeEls) e.classList.toggle("done", status.get(e.dataset.from) === "Succeeded");
  }

  update(steps);
  // Large plans start fitted to the frame's width (not below 60%), once the frame has a size.
  view.startFitted(0.6);

  return { el, update, select: id => select(id, false), fit: view.fit };
}
