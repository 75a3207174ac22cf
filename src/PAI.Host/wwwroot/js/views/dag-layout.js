// A layered (Sugiyama-style) layout for a plan's DAG, left to right, in plain JS with no DOM: layers by longest path,
// long edges broken by virtual points, crossings reduced by barycentre sweeps (keeping the best ordering seen), and
// rows placed by isotonic regression so each node sits as close as it can to the mean of its neighbours.
// Pure: the same plan always gives the same picture. Cost is about O(sweeps x (nodes + virtual points + edges)).

export const NODE_W = 176;
export const NODE_H = 44;
const LAYER_GAP = 72;
const ROW_GAP = 14;
const VIRTUAL_H = 8;
const PAD = 16;
const SWEEPS = 8;
const MAX_VIRTUAL = 6000;

/** Lays out steps [{ id, dependsOn }] (plan order). Returns { width, height, nodes: Map(id -> {x, y, w, h, layer}), edges: [{ from, to, d }] }. */
export function layoutDag(steps) {
  const ids = steps.map(s => s.id);
  const index = new Map(ids.map((id, i) => [id, i]));
  const deps = steps.map(s => [...new Set((s.dependsOn || []).filter(d => index.has(d) && d !== s.id))].map(d => index.get(d)));
  const layer = layers(deps);
  const layerCount = Math.max(0, ...layer) + 1;

  // Items: real nodes 0..n-1, then virtual points on edges longer than one layer.
  const n = steps.length;
  const itemLayer = [...layer];
  const preds = deps.map(() => []);
  const succs = deps.map(() => []);
  const chains = [];
  let virtualLeft = MAX_VIRTUAL;
  deps.forEach((ds, to) => {
    for (const from of ds) {
      const chain = [from];
      let prev = from;
      const span = layer[to] - layer[from];
      if (span > 1 && virtualLeft >= span - 1) {
        virtualLeft -= span - 1;
        for (let l = layer[from] + 1; l < layer[to]; l++) {
          const v = itemLayer.length;
          itemLayer.push(l);
          preds.push([]);
          succs.push([]);
          succs[prev].push(v);
          preds[v].push(prev);
          chain.push(v);
          prev = v;
        }
      }
      succs[prev].push(to);
      preds[to].push(prev);
      chain.push(to);
      chains.push({ from, to, chain });
    }
  });

  const rows = Array.from({ length: layerCount }, () => []);
  itemLayer.forEach((l, item) => rows[l].push(item));
  order(rows, preds, succs);

  const size = item => (item < n ? NODE_H : VIRTUAL_H);
  const y = place(rows, preds, succs, size);

  const x = l => PAD + l * (NODE_W + LAYER_GAP);
  let maxY = 0;
  const nodes = new Map();
  for (let i = 0; i < n; i++) {
    nodes.set(ids[i], { x: x(layer[i]), y: y[i], w: NODE_W, h: NODE_H, layer: layer[i] });
    maxY = Math.max(maxY, y[i] + NODE_H);
  }
  for (let v = n; v < itemLayer.length; v++) maxY = Math.max(maxY, y[v] + VIRTUAL_H);

  const edges = chains.map(({ from, to, chain }) => {
    const points = [[x(layer[from]) + NODE_W, y[from] + NODE_H / 2]];
    for (const v of chain.slice(1, -1)) {
      const cy = y[v] + VIRTUAL_H / 2;
      points.push([x(itemLayer[v]), cy], [x(itemLayer[v]) + NODE_W, cy]);
    }
    points.push([x(layer[to]), y[to] + NODE_H / 2]);
    return { from: ids[from], to: ids[to], d: path(points) };
  });

  return { width: x(layerCount - 1) + NODE_W + PAD, height: maxY + PAD, nodes, edges };
}

/** Longest-path layers; a cycle (which a valid plan never has) is broken by ignoring the edges that close it. */
function layers(deps) {
  const n = deps.length;
  const layer = new Array(n).fill(0);
  const state = new Uint8Array(n); // 0 new, 1 on the stack, 2 done
  for (let start = 0; start < n; start++) {
    if (state[start]) continue;
    const stack = [[start, 0]];
    state[start] = 1;
    while (stack.length) {
      const top = stack[stack.length - 1];
      const [v, i] = top;
      if (i < deps[v].length) {
        top[1]++;
        const d = deps[v][i];
        if (state[d] === 0) {
          state[d] = 1;
          stack.push([d, 0]);
        }
        continue;
      }
      let l = 0;
      for (const d of deps[v]) if (state[d] === 2) l = Math.max(l, layer[d] + 1);
      layer[v] = l;
      state[v] = 2;
      stack.pop();
    }
  }
  return layer;
}

function order(rows, preds, succs) {
  const pos = new Map();
  const remember = () => rows.forEach(row => row.forEach((item, i) => pos.set(item, i)));
  remember();
  let best = rows.map(r => [...r]);
  let bestCrossings = crossings(rows, succs, pos);
  for (let sweep = 0; sweep < SWEEPS && bestCrossings > 0; sweep++) {
    const down = sweep % 2 === 0;
    const range = down ? rows.keys() : [...rows.keys()].reverse();
    for (const l of range) {
      const neighbours = down ? preds : succs;
      const key = new Map(rows[l].map((item, i) => {
        const ns = neighbours[item];
        return [item, ns.length ? ns.reduce((a, b) => a + pos.get(b), 0) / ns.length : i];
      }));
      rows[l].sort((a, b) => key.get(a) - key.get(b) || pos.get(a) - pos.get(b));
      rows[l].forEach((item, i) => pos.set(item, i));
    }
    const c = crossings(rows, succs, pos);
    if (c < bestCrossings) {
      bestCrossings = c;
      best = rows.map(r => [...r]);
    }
  }
  best.forEach((row, l) => (rows[l] = row));
}

/** Edge crossings between adjacent layers (counted by merge sort, O(E log E) per pair of layers). */
function crossings(rows, succs, pos) {
  let total = 0;
  for (let l = 0; l + 1 < rows.length; l++) {
    const pairs = [];
    for (const u of rows[l]) for (const v of succs[u]) pairs.push([pos.get(u), pos.get(v)]);
    pairs.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
    total += inversions(pairs.map(p => p[1]));
  }
  return total;
}

function inversions(a) {
  if (a.length < 2) return 0;
  const mid = a.length >> 1;
  const left = a.slice(0, mid);
  const right = a.slice(mid);
  let count = inversions(left) + inversions(right);
  let i = 0;
  let j = 0;
  let k = 0;
  while (i < left.length && j < right.length) {
    if (left[i] <= right[j]) a[k++] = left[i++];
    else {
      a[k++] = right[j++];
      count += left.length - i;
    }
  }
  while (i < left.length) a[k++] = left[i++];
  while (j < right.length) a[k++] = right[j++];
  return count;
}

function place(rows, preds, succs, size) {
  const y = [];
  rows.forEach(row => {
    let at = PAD;
    for (const item of row) {
      y[item] = at;
      at += size(item) + ROW_GAP;
    }
  });
  const centre = item => y[item] + size(item) / 2;
  for (let pass = 0; pass < 6; pass++) {
    const down = pass % 2 === 0;
    const range = down ? [...rows.keys()] : [...rows.keys()].reverse();
    for (const l of range) {
      const row = rows[l];
      const neighbours = down ? preds : succs;
      const desired = row.map(item => {
        const ns = neighbours[item].length ? neighbours[item] : down ? succs[item] : preds[item];
        return ns.length ? ns.reduce((a, b) => a + centre(b), 0) / ns.length - size(item) / 2 : y[item];
      });
      const placed = isotonic(desired, row.map(size));
      row.forEach((item, i) => (y[item] = placed[i]));
    }
  }
  const top = Math.min(...y.filter(v => v !== undefined), PAD);
  return y.map(v => v - top + PAD);
}

/** Positions as close as possible (least squares) to `desired`, in order, each at least its size + gap below the last
 * (pool-adjacent-violators on desired minus the cumulative offsets). */
function isotonic(desired, sizes) {
  const offsets = [];
  let c = 0;
  for (let i = 0; i < desired.length; i++) {
    offsets.push(c);
    c += sizes[i] + ROW_GAP;
  }
  const blocks = [];
  desired.forEach((d, i) => {
    blocks.push({ sum: d - offsets[i], count: 1 });
    while (blocks.length > 1) {
      const b = blocks[blocks.length - 1];
      const a = blocks[blocks.length - 2];
      if (a.sum / a.count <= b.sum / b.count) break;
      a.sum += b.sum;
      a.count += b.count;
      blocks.pop();
    }
  });
  const out = [];
  for (const b of blocks) for (let k = 0; k < b.count; k++) out.push(b.sum / b.count + offsets[out.length]);
  return out;
}

function path(points) {
  const r = v => Math.round(v * 10) / 10;
  let d = `M${r(points[0][0])},${r(points[0][1])}`;
  for (let i = 1; i < points.length; i++) {
    const [x0, y0] = points[i - 1];
    const [x1, y1] = points[i];
    if (y0 === y1) {
      d += ` L${r(x1)},${r(y1)}`;
      continue;
    }
    const mid = (x1 - x0) / 2;
    d += ` C${r(x0 + mid)},${r(y0)} ${r(x1 - mid)},${r(y1)} ${r(x1)},${r(y1)}`;
  }
  return d;
}
