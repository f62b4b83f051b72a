// Seven Steps in the browser: draws digits and live charts, and follows a run's websocket.
// Vaadin views place the elements; these functions fill them. Needs Chart.js loaded first.
window.SevenSteps = (() => {
  const MAX_POINTS = 400; // per line; beyond it every other point is dropped (bounded memory)
  const charts = new WeakMap(); // canvas -> Chart
  const COLORS = ['#1676f3', '#e8590c', '#2b8a3e', '#ae3ec9'];

  /** Draws 784 grey values in [0,1] as a 28x28 image scaled to the canvas, white digit on black. */
  function drawDigit(canvas, pixels) {
    const side = 28, ctx = canvas.getContext('2d');
    const img = ctx.createImageData(side, side);
    for (let i = 0; i < side * side; i++) {
      const v = Math.max(0, Math.min(255, Math.round(pixels[i] * 255)));
      img.data.set([v, v, v, 255], i * 4);
    }
    const tmp = document.createElement('canvas');
    tmp.width = tmp.height = side;
    tmp.getContext('2d').putImageData(img, 0, 0);
    ctx.imageSmoothingEnabled = false;
    ctx.drawImage(tmp, 0, 0, canvas.width, canvas.height);
    canvas.dataset.drawn = 'true';
  }

  /** Creates an empty line chart with one line per name (names separated by newlines). */
  function lineChart(canvas, xLabel, yLabel, names) {
    const datasets = names.split('\n').map((label, i) => ({
      label, data: [], borderColor: COLORS[i % COLORS.length], backgroundColor: COLORS[i % COLORS.length],
      pointRadius: 2, tension: 0.2,
    }));
    const chart = new Chart(canvas, {
      type: 'line',
      data: { datasets },
      options: {
        animation: false, responsive: true, maintainAspectRatio: false, parsing: false,
        scales: { x: { type: 'linear', title: { display: true, text: xLabel } },
                  y: { title: { display: true, text: yLabel } } },
      },
    });
    charts.set(canvas, chart);
    return chart;
  }

  /** Appends (x, y) to line `series` of the chart inside `box`, then redraws once per frame. */
  function addPoint(box, series, x, y) {
    const canvas = box.querySelector('canvas');
    const chart = charts.get(canvas);
    if (!chart) return;
    const data = chart.data.datasets[series].data;
    if (data.length && data[data.length - 1].x >= x) return; // an event seen twice adds nothing
    data.push({ x, y });
    if (data.length > MAX_POINTS) chart.data.datasets[series].data = data.filter((_, i) => i % 2 === 0 || i === data.length - 1);
    box.dataset.points = String(chart.data.datasets.reduce((n, d) => n + d.data.length, 0));
    if (!chart.$pending) {
      chart.$pending = true;
      requestAnimationFrame(() => { chart.$pending = false; chart.update('none'); });
    }
  }

  /**
   * Follows /ws/runs/{id}: the server sends the history first, then live events, each message one
   * event or an array of them. On a dropped connection it reconnects with ?after=<last seq>, so the
   * curve resumes without gaps or duplicates. Calls onEvent(event) for each event, in order.
   * Returns a function that stops following the run.
   */
  function watchRun(runId, onEvent) {
    let lastSeq = -1, finished = false, retries = 0, socket = null;
    const connect = () => {
      const proto = location.protocol === 'https:' ? 'wss' : 'ws';
      const ws = new WebSocket(`${proto}://${location.host}/ws/runs/${encodeURIComponent(runId)}?after=${lastSeq}`);
      socket = ws;
      ws.onmessage = (msg) => {
        retries = 0;
        const parsed = JSON.parse(msg.data);
        for (const ev of Array.isArray(parsed) ? parsed : [parsed]) {
          if (ev.seq !== undefined) {
            if (ev.seq <= lastSeq) continue;
            lastSeq = ev.seq;
          }
          if (['done', 'error', 'cancelled'].includes(ev.type)) finished = true;
          onEvent(ev);
        }
      };
      ws.onclose = () => {
        if (!finished && retries++ < 20) setTimeout(connect, Math.min(5000, 250 * 2 ** retries));
      };
    };
    connect();
    return () => { finished = true; if (socket) socket.close(); };
  }

  const pct = (v) => (v * 100).toFixed(1) + '%';

  /** Lesson 1: draws the samples and ideals, charts the running accuracies, fills the results. */
  function watchBaseline(view, runId) {
    const $ = (id) => view.querySelector('#' + id);
    const chart = $('accuracy-chart');
    const status = $('run-status');
    watchRun(runId, (ev) => {
      switch (ev.type) {
        case 'queued':
          status.textContent = ev.position === 0 ? 'Starting…' : `Waiting for the engine: ${ev.position} run${ev.position === 1 ? '' : 's'} ahead.`;
          break;
        case 'snapshot':
          ev.samples3.forEach((px, i) => $('sample3-' + i) && drawDigit($('sample3-' + i), px));
          ev.samples7.forEach((px, i) => $('sample7-' + i) && drawDigit($('sample7-' + i), px));
          drawDigit($('mean3'), ev.mean3);
          drawDigit($('mean7'), ev.mean7);
          status.textContent = 'Ideal digits computed; classifying the validation set…';
          break;
        case 'batch':
          addPoint(chart, 0, ev.seen, ev.l1_accuracy);
          addPoint(chart, 1, ev.seen, ev.rmse_accuracy);
          break;
        case 'epoch':
          $('l1-accuracy').textContent = pct(ev.l1_accuracy);
          $('rmse-accuracy').textContent = pct(ev.rmse_accuracy);
          $('l1-threes').textContent = pct(ev.l1_accuracy_threes);
          $('l1-sevens').textContent = pct(ev.l1_accuracy_sevens);
          break;
        case 'done':
          status.textContent = `Done in ${ev.seconds_total.toFixed(2)} s on ${ev.backend}.`;
          break;
        default:
          status.textContent = ev.message || ev.type;
      }
    });
  }

  /**
   * Draws a whole figure at once into `canvas` (made a Chart.js chart the first time, updated after):
   * spec = {xLabel, yLabel, yMin?, yMax?, logY?, series: [{label, x: [], y: [], style}]}, style one of
   * 'line', 'dashed', 'step', 'points', 'drag' (big points), 'marker' (big points, not in the legend).
   * For figures the server recomputes whole.
   */
  function plot(canvas, spec) {
    const styles = {
      line: { pointRadius: 0, borderWidth: 2 }, dashed: { pointRadius: 0, borderWidth: 2, borderDash: [6, 4] },
      step: { pointRadius: 0, borderWidth: 2, stepped: true }, points: { showLine: false, pointRadius: 4 },
      marker: { showLine: false, pointRadius: 8, pointHoverRadius: 10 },
      drag: { showLine: false, pointRadius: 9, pointHoverRadius: 12 },
    };
    const datasets = spec.series.map((s, i) => Object.assign({
      label: s.label, data: s.x.map((x, k) => ({ x, y: Number.isFinite(s.y[k]) ? s.y[k] : null })),
      borderColor: s.color || COLORS[i % COLORS.length], backgroundColor: s.color || COLORS[i % COLORS.length],
      inLegend: s.style !== 'marker',
    }, styles[s.style] || styles.line));
    const y = { title: { display: true, text: spec.yLabel }, type: spec.logY ? 'logarithmic' : 'linear' };
    if (spec.yMin !== undefined) y.min = spec.yMin;
    if (spec.yMax !== undefined) y.max = spec.yMax;
    const x = { type: 'linear', title: { display: true, text: spec.xLabel }, min: spec.xMin, max: spec.xMax };
    let chart = charts.get(canvas);
    if (!chart) {
      chart = new Chart(canvas, { type: 'line', data: { datasets }, options: {
        animation: false, responsive: true, maintainAspectRatio: false, parsing: false,
        plugins: { legend: { labels: { filter: (item, data) => data.datasets[item.datasetIndex].inLegend } } },
        scales: { x, y } } });
      charts.set(canvas, chart);
    } else {
      chart.data.datasets = datasets;
      chart.options.scales.y = y;
      chart.options.scales.x = x;
      chart.update('none');
    }
    canvas.dataset.drawn = 'true';
    return chart;
  }

  /** The Chart.js chart drawn on `canvas`, if any (for lesson scripts). */
  const chartOf = (canvas) => charts.get(canvas);

  /** Clears every line of the chart inside `box`. */
  function clearChart(box) {
    const chart = charts.get(box.querySelector('canvas'));
    if (!chart) return;
    chart.data.datasets.forEach((d) => { d.data = []; });
    box.dataset.points = '0';
    chart.update('none');
  }

  /**
   * Any run's curve in a two-line chart (validation accuracy per epoch, training loss per batch),
   * for the teacher's dashboard. Switching to another run stops following the previous one.
   */
  function watchCurve(box, runId) {
    if (box.$stop) box.$stop(); // stop following the previous run
    box.dataset.run = runId;
    clearChart(box);
    box.$stop = watchRun(runId, (ev) => {
      if (ev.type === 'epoch') addPoint(box, 0, ev.epoch, ev.valid_accuracy);
      if (ev.type === 'batch' && ev.train_loss !== undefined && ev.batches) {
        addPoint(box, 1, ev.epoch - 1 + ev.batch / ev.batches, ev.train_loss);
      }
      if (ev.type === 'batch' && ev.l1_accuracy !== undefined) addPoint(box, 0, ev.seen / 2038, ev.l1_accuracy);
    });
  }

  return { drawDigit, lineChart, addPoint, clearChart, watchRun, watchBaseline, watchCurve, plot, chartOf };
})();
