// A radial layout for an entity's neighbourhood, in plain JS with no DOM: the entity in the centre, the entities one
// step away on the first ring, two steps away on the second, and so on. A ring's nodes are ordered by the mean angle
// of the nodes they hang from on the ring inside (so edges cross little), and a crowded ring is split over up to
// three circles, so 100 neighbours stay apart at 100%. Pure: the same neighbourhood always gives the same picture.

export const NODE_W = 148;
export const NODE_H = 30;
const GAP = 16;
const PAD = 24;
const FIRST_RING = 190;
const MAX_LEVELS = 3;
const LEVEL_STEP = NODE_W + GAP;

/**
 * Lays out `centre` and `nodes` ([{ name, depth }], depth >= 1, nearest first) joined by `links` ([{ a, b }], by
 * name, either way round). Returns { width, height, nodes: Map(name -> { x, y, depth }) } with x, y the centres.
 */
export function layoutRadial(centre, nodes, links) {
  const around = new Map();
  const touch = (a, b) => {
    if (!around.has(a)) around.set(a, []);
    around.get(a).push(b);
  };
  for (const { a, b } of links) {
    if (a === b) continue;
    touch(a, b);
    touch(b, a);
  }

  const rings = [];
  for (const n of nodes) {
    const d = Math.max(1, Math.floor(n.depth || 1));
    while (rings.length < d) rings.push([]);
    rings[d - 1].push(n.name);
  }

  const angle = new Map([[centre, 0]]);
  const polar = new Map([[centre, { r: 0, a: 0, depth: 0 }]]);
  let inner = 0;
  rings.forEach((ring, i) => {
    if (!ring.length) return;
    // Order by the mean angle of the neighbours already placed (circular mean), keeping the given order for ties.
    const key = new Map(ring.map((name, k) => {
      let sx = 0;
      let sy = 0;
      for (const o of around.get(name) || []) {
        if (!angle.has(o) || o === centre) continue;
        sx += Math.cos(angle.get(o));
        sy += Math.sin(angle.get(o));
      }
      return [name, sx || sy ? (Math.atan2(sy, sx) + 2 * Math.PI) % (2 * Math.PI) : -1 + k / ring.length];
    }));
    const ordered = i === 0 ? [...ring] : [...ring].sort((p, q) => key.get(p) - key.get(q));

    // A crowded ring is split over up to three circles a node's width apart, its nodes dealt to them in turn so the
    // angular order stays; on each circle, neighbours are a node's width apart along it. Nodes on different circles
    // (or rings) are then always further apart than a node's diagonal, so nothing overlaps.
    const k = ordered.length;
    const levels = Math.min(MAX_LEVELS, Math.max(1, Math.ceil(k / 14)));
    const perCircle = Math.ceil(k / levels);
    const step = (2 * Math.PI) / perCircle;
    const r = Math.max(
      FIRST_RING * (i + 1),
      inner + (inner ? LEVEL_STEP : 0),
      (NODE_W + GAP) / step,
      (NODE_H + GAP) / step);
    // The first ring starts at the top; an outer one is turned so its nodes sit as near as they can to the angles of
    // the nodes they hang from (the circular mean of each node's wanted angle less its place on the ring).
    const slot = j => (Math.floor(j / levels) + (j % levels) / levels) * step;
    let start = -Math.PI / 2;
    if (i > 0) {
      let sx = 0;
      let sy = 0;
      ordered.forEach((name, j) => {
        if (key.get(name) < 0) return;
        sx += Math.cos(key.get(name) - slot(j));
        sy += Math.sin(key.get(name) - slot(j));
      });
      if (sx || sy) start = Math.atan2(sy, sx);
    }
    ordered.forEach((name, j) => {
      const level = j % levels;
      const a = start + slot(j);
      angle.set(name, a);
      polar.set(name, { r: r + level * LEVEL_STEP, a, depth: i + 1 });
    });
    inner = r + (levels - 1) * LEVEL_STEP;
  });

  const outer = inner;
  const half = { x: outer + NODE_W / 2 + PAD, y: outer + NODE_H / 2 + PAD };
  const placed = new Map();
  for (const [name, p] of polar) {
    placed.set(name, { x: round(half.x + p.r * Math.cos(p.a)), y: round(half.y + p.r * Math.sin(p.a)), depth: p.depth });
  }
  return { width: Math.ceil(2 * half.x), height: Math.ceil(2 * half.y), nodes: placed };
}

/** The point where the segment from (x0, y0) to a node's centre (x1, y1) enters the node's box. */
export function boxEntry(x0, y0, x1, y1) {
  const dx = x1 - x0;
  const dy = y1 - y0;
  const t = Math.min(dx ? (NODE_W / 2) / Math.abs(dx) : Infinity, dy ? (NODE_H / 2) / Math.abs(dy) : Infinity, 1);
  return [round(x1 - dx * t), round(y1 - dy * t)];
}

const round = v => Math.round(v * 10) / 10;
