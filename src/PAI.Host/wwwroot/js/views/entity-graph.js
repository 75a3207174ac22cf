// An entity's neighbourhood as a graph: the entity in the centre, its neighbours on rings by steps away
// (radial-layout.js), one edge per pair of entities labelled with the predicates of the facts between them (a fact
// PAI has retired is dashed and struck through). Scrolls and zooms like the plan graph (zoom-frame.js); a node is a
// button: click it, or Tab to it and press Enter or Space, to centre the graph on that entity.
import { h, s } from "../dom.js";
import { boxEntry, layoutRadial, NODE_H, NODE_W } from "./radial-layout.js";
import { zoomFrame } from "./zoom-frame.js";

const clip = (text, chars) => (text.length > chars ? `${text.slice(0, chars - 1)}…` : text);
const steps = d => `${d} step${d === 1 ? "" : "s"} away`;

/** The graph of `neighbourhood` (GET /api/graph/entities/{name}); `onOpen(name)` re-centres on another entity. */
export function entityGraph(neighbourhood, { onOpen }) {
  const centre = neighbourhood.entity;
  const entities = new Map([[centre.name, { ...centre, depth: 0 }], ...neighbourhood.neighbours.map(e => [e.name, e])]);

  // One edge per pair of entities; facts whose object is a literal value are in the table, not the graph.
  const pairs = new Map();
  for (const f of neighbourhood.facts) {
    if (typeof f.object !== "string" || f.subject === f.object || !entities.has(f.subject) || !entities.has(f.object)) continue;
    const key = f.subject < f.object ? `${f.subject}\u0000${f.object}` : `${f.object}\u0000${f.subject}`;
    if (!pairs.has(key)) pairs.set(key, { a: f.subject, b: f.object, facts: [] });
    pairs.get(key).facts.push(f);
  }
  const layout = layoutRadial(centre.name, neighbourhood.neighbours, [...pairs.values()]);

  const svg = s("svg", { class: "dag entity-graph", role: "group", "aria-label": `${centre.name} and ${entities.size - 1} neighbour${entities.size === 2 ? "" : "s"}` });
  svg.append(s("defs", null,
    s("marker", { id: "kg-arrow", viewBox: "0 0 10 10", refX: "9", refY: "5", markerWidth: "8", markerHeight: "8", markerUnits: "userSpaceOnUse", orient: "auto-start-reverse" },
      s("path", { d: "M0,0 L10,5 L0,10 z", class: "dag-arrow" }))));

  const edgeGroup = s("g", { class: "dag-edges" });
  const labelGroup = s("g", { class: "kg-labels" });
  for (const { a, b, facts } of pairs.values()) {
    const p = layout.nodes.get(a);
    const q = layout.nodes.get(b);
    const retired = facts.every(f => f.invalidatedAt);
    // The arrow points from subject to object when every fact between the two goes the same way.
    const forward = facts.every(f => f.subject === a);
    const backward = facts.every(f => f.subject === b);
    const [from, to] = backward ? [q, p] : [p, q];
    const directed = forward || backward;
    const [x1, y1] = directed ? boxEntry(from.x, from.y, to.x, to.y) : [to.x, to.y];
    const line = s("path", {
      d: `M${from.x},${from.y} L${x1},${y1}`,
      class: retired ? "dag-edge kg-edge invalidated" : "dag-edge kg-edge",
      "marker-end": directed ? "url(#kg-arrow)" : null,
    });
    line.dataset.from = a;
    line.dataset.to = b;
    edgeGroup.append(line);

    const label = s("text", { class: "kg-label", x: String((p.x + q.x) / 2), y: String((p.y + q.y) / 2 - 4), "text-anchor": "middle" },
      s("title", null, facts.map(f => `${f.subject} ${f.predicate} ${f.object}${f.invalidatedAt ? " (retired)" : ""}`).join("\n")));
    const shown = facts.slice(0, 3);
    shown.forEach((f, i) => label.append(
      i ? ", " : "",
      s("tspan", { class: f.invalidatedAt ? "kg-predicate retired" : "kg-predicate" }, clip(f.predicate, 24))));
    if (facts.length > shown.length) label.append(` +${facts.length - shown.length}`);
    label.dataset.from = a;
    label.dataset.to = b;
    labelGroup.append(label);
  }
  svg.append(edgeGroup);

  // Nodes: the centre first, then ring by ring, which is also the Tab order.
  const nodeGroup = s("g", { class: "dag-nodes" });
  const ordered = [...layout.nodes.entries()].sort((x, y) => x[1].depth - y[1].depth);
  for (const [name, n] of ordered) {
    const e = entities.get(name);
    const isCentre = n.depth === 0;
    const g = s("g", {
      class: isCentre ? "dag-node kg-node kg-centre" : `dag-node kg-node kg-depth-${Math.min(n.depth, 3)}`,
      transform: `translate(${n.x - NODE_W / 2},${n.y - NODE_H / 2})`,
      tabindex: "0",
      role: "button",
      "aria-label": isCentre ? `${name}${e.type ? `, ${e.type}` : ""}, in the centre` : `${name}${e.type ? `, ${e.type}` : ""}, ${steps(n.depth)}: centre on it`,
    },
    s("title", null, `${name}${e.type ? ` (${e.type})` : ""}${isCentre ? "" : `, ${steps(n.depth)}`}`),
    s("rect", { width: NODE_W, height: NODE_H, rx: String(NODE_H / 2) }),
    s("text", { x: String(NODE_W / 2), y: String(NODE_H / 2 + 4), "text-anchor": "middle", class: "dag-id" }, clip(name, 18)));
    g.dataset.entity = name;
    g.dataset.depth = String(n.depth);
    if (!isCentre) {
      g.addEventListener("click", () => onOpen(name));
      g.addEventListener("keydown", ev => {
        if (ev.key !== "Enter" && ev.key !== " ") return;
        ev.preventDefault();
        onOpen(name);
      });
    }
    nodeGroup.append(g);
  }
  svg.append(nodeGroup, labelGroup);

  const view = zoomFrame(svg, {
    width: layout.width,
    height: layout.height,
    what: "neighbourhood",
    nodeSelector: ".dag-node",
    legend: h("span", { class: "dag-legend", "aria-hidden": "true" },
      h("span", { class: "legend-item kg-legend-fact" }, h("i"), "fact"),
      h("span", { class: "legend-item kg-legend-retired" }, h("i"), "retired")),
  });
  view.startFitted(0.5, layout.nodes.get(centre.name));
  return view.el;
}
