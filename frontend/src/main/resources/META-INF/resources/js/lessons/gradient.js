// Lesson 3 (gradient) in the browser: draws a computation graph as SVG boxes and arrows. Inputs on
// the left, the output on the right; each box shows the node's value and, in red, its gradient.
window.SevenStepsGradient = (() => {
  const NS = 'http://www.w3.org/2000/svg';
  const W = 150, H = 62, GAP_X = 70, GAP_Y = 22;
  const fmt = (v) => (v === null ? '∞' : Number.isInteger(v) ? String(v) : v.toFixed(4));

  /** nodes: [{name, op, value, grad, parents: [indices]}], each after its parents. */
  function drawGraph(box, nodes) {
    const depth = nodes.map(() => 0);
    nodes.forEach((n, i) => n.parents.forEach((p) => { depth[i] = Math.max(depth[i], depth[p] + 1); }));
    const rows = [];
    const pos = nodes.map((n, i) => {
      const col = depth[i];
      rows[col] = (rows[col] || 0) + 1;
      return { x: 10 + col * (W + GAP_X), y: 10 + (rows[col] - 1) * (H + GAP_Y) };
    });
    const width = 20 + (Math.max(...depth) + 1) * (W + GAP_X) - GAP_X;
    const height = 20 + Math.max(...rows) * (H + GAP_Y) - GAP_Y;
    const el = (tag, attrs, text) => {
      const e = document.createElementNS(NS, tag);
      Object.entries(attrs).forEach(([k, v]) => e.setAttribute(k, v));
      if (text !== undefined) e.textContent = text;
      return e;
    };
    const svg = el('svg', { viewBox: `0 0 ${width} ${height}`, class: 'graph-svg', 'aria-hidden': 'true' });
    const defs = el('defs', {});
    const marker = el('marker', { id: 'arrow', viewBox: '0 0 10 10', refX: 10, refY: 5, markerWidth: 7, markerHeight: 7, orient: 'auto' });
    marker.appendChild(el('path', { d: 'M0,0 L10,5 L0,10 z', fill: '#868e96' }));
    defs.appendChild(marker);
    svg.appendChild(defs);
    nodes.forEach((n, i) => n.parents.forEach((p) => {
      svg.appendChild(el('line', { x1: pos[p].x + W, y1: pos[p].y + H / 2, x2: pos[i].x, y2: pos[i].y + H / 2 }));
    }));
    nodes.forEach((n, i) => {
      const g = el('g', { class: n.op === 'leaf' ? 'node leaf' : 'node', transform: `translate(${pos[i].x},${pos[i].y})` });
      g.appendChild(el('rect', { width: W, height: H, rx: 8 }));
      g.appendChild(el('text', { x: 8, y: 18, 'font-weight': 700 }, n.op === 'leaf' ? n.name : `${n.name}  (${n.op})`));
      g.appendChild(el('text', { x: 8, y: 36 }, `value ${fmt(n.value)}`));
      g.appendChild(el('text', { x: 8, y: 54, class: 'grad' }, `grad ${fmt(n.grad)}`));
      svg.appendChild(g);
    });
    box.replaceChildren(svg);
    box.dataset.nodes = String(nodes.length);
  }

  return { drawGraph };
})();
