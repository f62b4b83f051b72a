// Seven Steps in the browser: draws digits and live charts, and follows a run's websocket.
// Vaadin views place the elements; these functions fill them. Needs Chart.js loaded first.
window.SevenSteps = (() => {
  const MAX_POINTS = 400; // per line; beyond it every other point is dropped (bounded memory)
  const charts = new WeakMap(); // canvas -> Chart
  const COLORS = ['#1676f3', '#e8590c', '#2b8a3e', '#ae3ec9'];

  /** Draws side×side grey values in [0,1] (a 28×28 digit unless told) scaled to the canvas, white on black. */
  function drawDigit(canvas, pixels, side = 28) {
    const ctx = canvas.getContext('2d');
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
        scales: { x: { type: 'linear', suggestedMin: 0, title: { display: true, text: xLabel } },
                  y: { title: { display: true, text: yLabel } } },
      },
    });
    charts.set(canvas, chart);
    return chart;
  }

  /**
   * Appends (x, y) to line `series` of the chart inside `box`, then redraws once per frame. A line
   * keeps at most MAX_POINTS points: beyond that every other one is dropped, so a long run costs the
   * same to draw as a short one. The first point after a clear is drawn at once, and the time it was
   * drawn (performance.now()) goes into `data-first-point-at`, which the end-to-end tests read.
   */
  function addPoint(box, series, x, y) {
    const canvas = box.querySelector('canvas');
    const chart = charts.get(canvas);
    if (!chart) return;
    const data = chart.data.datasets[series].data;
    if (data.length && data[data.length - 1].x >= x) return; // an event seen twice adds nothing
    data.push({ x, y });
    if (data.length > MAX_POINTS) chart.data.datasets[series].data = data.filter((_, i) => i % 2 === 0 || i === data.length - 1);
    box.dataset.points = String(chart.data.datasets.reduce((n, d) => n + d.data.length, 0));
    if (!box.dataset.firstPointAt) {
      chart.update('none');
      box.dataset.firstPointAt = performance.now().toFixed(1);
      return;
    }
    if (!chart.$pending) {
      chart.$pending = true;
      requestAnimationFrame(() => { chart.$pending = false; chart.update('none'); });
    }
  }

  /**
   * Follows /ws/runs/{id}: the server sends the history first, then live events, each message one
   * event or an array of them. On a dropped connection it reconnects with ?after=<last seq>, so the
   * curve resumes without gaps or duplicates; a server that restarted meanwhile says "resync" and sends
   * the history again from seq 0 (charts ignore points they have). Calls onEvent(event) for each event, in order.
   * Returns a function that stops following the run.
   */
  function watchRun(runId, onEvent) {
    let lastSeq = -1, finished = false, retries = 0, socket = null, heard = false;
    const connect = () => {
      const proto = location.protocol === 'https:' ? 'wss' : 'ws';
      const ws = new WebSocket(`${proto}://${location.host}/ws/runs/${encodeURIComponent(runId)}?after=${lastSeq}`);
      socket = ws;
      ws.onopen = () => performance.mark('sevensteps:socket-open'); // marks: where the time to the first point goes
      ws.onmessage = (msg) => {
        if (!heard) { heard = true; performance.mark('sevensteps:first-message'); }
        retries = 0;
        const parsed = JSON.parse(msg.data);
        for (const ev of Array.isArray(parsed) ? parsed : [parsed]) {
          if (ev.type === 'resync') { lastSeq = -1; continue; } // the server restarted: its history follows from seq 0
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
          status.textContent = queueText(ev.position);
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
    delete box.dataset.firstPointAt;
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

  /** Draws `side`×`side` weights: red positive, blue negative, white zero, scaled by the largest |w|. */
  function drawWeights(canvas, values, side) {
    const ctx = canvas.getContext('2d');
    const img = ctx.createImageData(side, side);
    let max = 1e-8;
    for (const v of values) max = Math.max(max, Math.abs(Number(v)) || 0);
    for (let i = 0; i < side * side; i++) {
      const t = Math.max(-1, Math.min(1, (Number(values[i]) || 0) / max));
      const [r, g, b] = t >= 0 ? [255, 255 * (1 - t), 255 * (1 - t)] : [255 * (1 + t), 255 * (1 + t), 255];
      img.data.set([r, g, b, 255], i * 4);
    }
    const tmp = document.createElement('canvas');
    tmp.width = tmp.height = side;
    tmp.getContext('2d').putImageData(img, 0, 0);
    ctx.imageSmoothingEnabled = false;
    ctx.clearRect(0, 0, canvas.width, canvas.height);
    ctx.drawImage(tmp, 0, 0, canvas.width, canvas.height);
    canvas.dataset.drawn = 'true';
  }

  /** A row of small canvases, one per array, reused from one snapshot to the next. */
  function canvasRow(box, count, size, className) {
    while (box.children.length > count) box.lastChild.remove();
    while (box.children.length < count) {
      const c = document.createElement('canvas');
      c.width = c.height = size;
      c.className = className;
      box.appendChild(c);
    }
    return [...box.children];
  }

  /** A labelled digit tile for the prediction grid and the worst-classified list. */
  function tile(p, note) {
    const fig = document.createElement('figure');
    fig.className = 'tile' + (p.predicted === p.actual ? ' right' : ' wrong');
    const c = document.createElement('canvas');
    c.width = c.height = 56;
    c.className = 'digit';
    fig.appendChild(c);
    drawDigit(c, p.image);
    const cap = document.createElement('figcaption');
    cap.textContent = `says ${p.predicted}, is ${p.actual}${note || ''}`;
    fig.appendChild(cap);
    return fig;
  }

  function section(title, content) {
    const div = document.createElement('div');
    div.className = 'report-section';
    const h = document.createElement('h4');
    h.textContent = title;
    div.append(h, content);
    return div;
  }

  /** The confusion matrix as an accessible table: rows the true digit, columns the prediction. */
  function confusionTable(digits, confusion) {
    const t = document.createElement('table');
    t.className = 'confusion';
    t.id = 'confusion';
    // The explanation is a paragraph under the table (a caption is only as wide as a 2×2 table); the
    // table keeps a caption of its own for screen readers.
    const cap = document.createElement('caption');
    cap.textContent = 'Confusion matrix';
    cap.className = 'visually-hidden';
    t.appendChild(cap);
    const head = t.insertRow();
    head.appendChild(document.createElement('th'));
    digits.forEach((d) => { const th = document.createElement('th'); th.scope = 'col'; th.textContent = d; head.appendChild(th); });
    const max = Math.max(1, ...confusion.flat());
    confusion.forEach((row, i) => {
      const tr = t.insertRow();
      const th = document.createElement('th');
      th.scope = 'row';
      th.textContent = digits[i];
      tr.appendChild(th);
      row.forEach((n, j) => {
        const td = tr.insertCell();
        td.textContent = n;
        const a = n / max;
        td.style.background = i === j ? `rgba(43,138,62,${0.15 + 0.6 * a})` : (n ? `rgba(232,89,12,${0.15 + 0.85 * a})` : '');
      });
    });
    return t;
  }

  const num = (v) => (typeof v === 'number' ? v : Number(v)); // "NaN" and "Infinity" arrive as strings
  const fmt = (v) => (Number.isFinite(num(v)) ? num(v).toFixed(4) : String(v));

  /**
   * Lessons 5–7: Train, Pause and Step are handled here rather than on the server, so that nothing
   * waits for a Vaadin round trip. Train posts the fields straight to POST /api/runs, the run's socket
   * opens as soon as its id is back, and only then is the server's panel told which run it controls
   * ($server.adopt). While the panel's run is still going, Train resumes it instead, and Pause and Step
   * go to the run's own REST calls; Step with no run asks the server to start one held before its first
   * batch ($server.stepNew). Empty or refused fields are marked by the server ($server.checkFields).
   * Called once per panel.
   */
  function trainingPanel(panel) {
    const train = panel.querySelector('#train');
    if (!train || train.$wired) return;
    train.$wired = true;
    train.addEventListener('click', () => startOrResume(panel));
    panel.querySelector('#pause')?.addEventListener('click', () => {
      if (!going(panel)) { panel.querySelector('#train-status').textContent = 'Nothing is running: press Train first.'; return; }
      panel.dataset.stepping = 'true'; // the next batch event says where the run holds
      control(panel, 'pause', 'Paused: the run holds before its next batch.');
    });
    panel.querySelector('#step')?.addEventListener('click', () => {
      panel.dataset.stepping = 'true';
      if (going(panel)) control(panel, 'step', null); // the batch's event says so when it arrives
      else panel.$server.stepNew();
    });
  }

  /** Whether the panel follows a run that has not ended. */
  const going = (panel) => Boolean(panel.dataset.run) && !panel.dataset.ended;

  /**
   * POST /api/runs/{id}/{action} (pause, step or resume) for the panel's run; then `message` (if any)
   * in the status line, or what went wrong.
   */
  async function control(panel, action, message) {
    const runId = panel.dataset.run, status = panel.querySelector('#train-status');
    let response, body;
    try {
      response = await fetch(`/api/runs/${encodeURIComponent(runId)}/${action}`, { method: 'POST' });
      body = await response.json();
    } catch (e) {
      status.textContent = `The server did not answer (${e.message}); try again.`;
      return;
    }
    if (panel.dataset.run !== runId) return; // reset meanwhile
    if (!response.ok) status.textContent = body.error;
    else if (message) status.textContent = message;
  }

  async function startOrResume(panel) {
    panel.dataset.stepping = 'false';
    if (going(panel)) { control(panel, 'resume', 'Training…'); return; }
    const value = (id) => String(panel.querySelector('#' + id)?.value ?? '').trim();
    const fields = { epochs: value('epochs'), lr: value('lr'), batch_size: value('batch-size'), seed: value('seed') };
    if (Object.values(fields).some((v) => v === '')) { panel.$server.checkFields(); return; }
    const status = panel.querySelector('#train-status');
    const generation = panel.$generation = (panel.$generation || 0) + 1;
    status.textContent = 'Starting…';
    let response, body;
    try {
      response = await fetch('/api/runs', { method: 'POST', headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ model: panel.dataset.model, ...fields, interactive: true }) });
      body = await response.json();
      performance.mark('sevensteps:run-posted');
    } catch (e) {
      status.textContent = `The server did not answer (${e.message}); try again.`;
      return;
    }
    if (!response.ok) {
      status.textContent = body.error;
      panel.$server.checkFields();
      return;
    }
    if (panel.$generation !== generation) { // Reset, Step or another model came first: drop this run
      fetch(`/api/runs/${encodeURIComponent(body.id)}`, { method: 'DELETE' });
      return;
    }
    watchTraining(panel, body.id, { id: panel.dataset.model, model: panel.dataset.modelTitle, seed: String(body.spec.seed),
      epochs: body.spec.epochs, lr: body.spec.lr });
    status.textContent = queueText(body.queue_position);
    // The server's panel hears of the run once its first event is in (or after half a second): Vaadin's
    // answer to that call takes the page's thread for a while, and should not hold back the first point.
    let adopted = false;
    const following = panel.$generation; // watchTraining began a new one; a Reset or another run ends it
    const adopt = () => {
      if (adopted || panel.$generation !== following) return;
      adopted = true;
      panel.$server.adopt(body.id);
    };
    panel.$afterFirstEvent = () => setTimeout(adopt, 0);
    setTimeout(adopt, 500);
  }

  const queueText = (position) => (position === 0 ? 'Starting…'
    : `Waiting for the engine: ${position} run${position === 1 ? '' : 's'} ahead.`);

  /**
   * Lessons 5–7: follows a training run and fills the panel: loss and accuracy curves, the latest
   * numbers (also the charts' text alternative), first-layer weights, feature maps, and at the end the
   * predictions, the confusion matrix and the worst-classified digits.
   */
  function watchTraining(panel, runId, spec) {
    const $ = (id) => panel.querySelector('#' + id);
    const status = $('train-status'), latest = $('latest');
    // The socket opens first; the old run's pictures are cleared right after, in this same task, so no
    // event of the new run can be handled before that.
    const stop = watchRun(runId, (ev) => {
      if (panel.$afterFirstEvent) { panel.$afterFirstEvent(); panel.$afterFirstEvent = null; }
      if (['done', 'error', 'cancelled'].includes(ev.type)) panel.dataset.ended = 'true';
      switch (ev.type) {
        case 'queued':
          status.textContent = queueText(ev.position);
          break;
        case 'batch':
          if (Number.isFinite(num(ev.train_loss))) addPoint($('loss-chart'), 0, ev.epoch - 1 + ev.batch / ev.batches, num(ev.train_loss));
          latest.textContent = `Epoch ${ev.epoch}, batch ${ev.batch} of ${ev.batches}: train loss ${fmt(ev.train_loss)}`;
          status.textContent = panel.dataset.stepping === 'true'
            ? `Paused after batch ${ev.batch} of epoch ${ev.epoch}. Step again, or Train to go on.`
            : 'Training…';
          break;
        case 'epoch':
          if (Number.isFinite(num(ev.valid_loss))) addPoint($('loss-chart'), 1, ev.epoch, num(ev.valid_loss));
          if (Number.isFinite(num(ev.train_loss))) addPoint($('loss-chart'), 2, ev.epoch, num(ev.train_loss));
          addPoint($('accuracy-chart'), 0, ev.epoch, num(ev.valid_accuracy));
          compareEpoch(panel, runId, ev);
          panel.$validLoss = ev.valid_loss;
          latest.textContent = `Epoch ${ev.epoch}: train loss ${fmt(ev.train_loss)}, valid loss ${fmt(ev.valid_loss)}, `
            + `valid accuracy ${(num(ev.valid_accuracy) * 100).toFixed(1)}% (${num(ev.seconds).toFixed(2)} s on ${ev.backend})`;
          panel.dataset.accuracy = String(ev.valid_accuracy);
          panel.dataset.epochs = String(ev.epoch);
          break;
        case 'snapshot': {
          if (ev.weights) {
            const size = ev.weights_side >= 28 ? 56 : 48;
            canvasRow($('weights'), ev.weights.length, size, 'weight').forEach((c, i) => drawWeights(c, ev.weights[i], ev.weights_side));
            $('weights').dataset.epoch = String(ev.epoch);
          }
          if (ev.feature_maps) {
            let maps = panel.querySelector('.feature-maps');
            if (!maps) {
              maps = document.createElement('div');
              maps.className = 'feature-maps';
              $('weights').after(section('Feature maps of one digit after the first convolution and ReLU', maps));
            }
            canvasRow(maps, ev.feature_maps.length, 56, 'digit').forEach((c, i) => drawDigit(c, normalize(ev.feature_maps[i]), ev.feature_maps_side));
          }
          if (ev.predictions) {
            const report = $('report');
            report.replaceChildren();
            const grid = document.createElement('div');
            grid.className = 'prediction-grid';
            grid.id = 'predictions';
            ev.predictions.forEach((p) => grid.appendChild(tile(p)));
            report.appendChild(section('Nine validation digits', grid));
            if (ev.confusion) {
              const box = section('Confusion matrix', confusionTable(ev.digits, ev.confusion));
              const note = document.createElement('p');
              note.className = 'table-note';
              note.textContent = 'Rows: the true digit. Columns: what the model said. The diagonal is right.';
              box.appendChild(note);
              report.appendChild(box);
            }
            if (ev.worst) {
              const worst = document.createElement('div');
              worst.className = 'prediction-grid';
              ev.worst.forEach((p) => worst.appendChild(tile(p, ` (${p.probability < 0.005 ? 'under 1' : (p.probability * 100).toFixed(0)}% for ${p.actual})`)));
              report.appendChild(section('The digits it got most wrong', worst));
            }
          }
          break;
        }
        case 'done':
          afterRun(panel, runId);
          status.textContent = `Done: validation accuracy ${(num(ev.valid_accuracy) * 100).toFixed(1)}% in ${num(ev.seconds_total).toFixed(1)} s on ${ev.backend}.`;
          panel.dataset.done = 'true';
          break;
        case 'error':
        case 'cancelled':
          compareDrop(panel, runId);
          status.textContent = ev.message || ev.type;
          break;
        default:
          status.textContent = ev.message || ev.type;
      }
      if (['done', 'error', 'cancelled'].includes(ev.type) && panel.$server) panel.$server.runEnded(); // the table of runs
    });
    resetTraining(panel);
    panel.$stop = stop;
    panel.dataset.run = runId;
    if (spec) compareRun(panel, runId, spec);
  }

  // ---- comparing the runs of a page: one line per run on the accuracy and loss charts -------------
  const MODEL_COLORS = { linear: '#1676f3', 'simple-net': '#1676f3', mlp: '#ae3ec9', cnn: '#e8590c', 'cnn-fixed': '#2b8a3e' };
  const DASHES = [[], [6, 4], [2, 3], [12, 4, 2, 4]];
  const MAX_COMPARED = 8; // lines per chart; the oldest run leaves first

  /** An empty chart of per-epoch lines, one per run; `metric` ('accuracy' or 'loss') says what each line shows. */
  function compareChart(canvas, metric, yLabel) {
    canvas.dataset.metric = metric;
    const chart = new Chart(canvas, {
      type: 'line',
      data: { datasets: [] },
      options: {
        animation: false, responsive: true, maintainAspectRatio: false, parsing: false,
        scales: { x: { type: 'linear', suggestedMin: 0, title: { display: true, text: 'epoch' }, ticks: { precision: 0 } },
                  y: { title: { display: true, text: yLabel } } },
      },
    });
    charts.set(canvas, chart);
  }

  /** The comparison charts of a panel: [canvas, chart] pairs. */
  const compareCharts = (panel) => [...panel.querySelectorAll('#run-comparison canvas')]
    .map((c) => [c, charts.get(c)]).filter(([, chart]) => chart);

  /** Adds run `runId` as a new line to both comparison charts: colour by model, a dash pattern per earlier run of it. */
  function compareRun(panel, runId, spec) {
    for (const [canvas, chart] of compareCharts(panel)) {
      const sets = chart.data.datasets;
      const color = MODEL_COLORS[spec.id] || COLORS[0];
      const earlier = sets.filter((d) => d.model === spec.id).length;
      sets.push({ label: `${spec.id || spec.model}, seed ${spec.seed}`, run: runId, model: spec.id, data: [],
        borderColor: color, backgroundColor: color, borderDash: DASHES[earlier % DASHES.length], pointRadius: 3 });
      while (sets.length > MAX_COMPARED) sets.shift();
      canvas.parentElement.dataset.runs = String(sets.length);
      chart.update('none');
    }
    panel.querySelector('#run-comparison')?.classList.add('has-runs');
  }

  /** States of the table of runs whose lines the comparison charts bring back: going, or with epochs worth seeing. */
  const COMPARED_STATES = ['queued', 'running', 'done', 'interrupted'];

  /**
   * Adds the runs of the table of runs (rows with data-run, data-state, data-model, data-seed) that
   * the comparison charts do not show yet, so that after a reload the lines come back: a run that
   * ended (done, or interrupted by a restart) from its stored epochs (GET /api/runs/{id}); a run still
   * queued or running (paused or not) from its socket, which sends its history, then each new epoch
   * as it ends (no gap, no epoch twice).
   */
  async function compareStored(panel) {
    // A line is shown, or on its way (this function may run again while it awaits a fetch).
    const shown = (runId) => compareCharts(panel).some(([, chart]) => chart.data.datasets.some((d) => d.run === runId));
    const followed = panel.$compareFollowed || (panel.$compareFollowed = new Map()); // run id -> stop()
    const rows = [...panel.querySelectorAll('#your-runs tbody tr[data-run]')]
      .filter((tr) => COMPARED_STATES.includes(tr.dataset.state) && !shown(tr.dataset.run)).reverse();
    for (const tr of rows.slice(-MAX_COMPARED)) { // oldest first, so the newest end up on top
      const runId = tr.dataset.run, spec = { id: tr.dataset.model, seed: tr.dataset.seed };
      if (panel.dataset.run === runId || followed.has(runId) || shown(runId)) continue; // the panel's own run has its line
      if (tr.dataset.state === 'queued' || tr.dataset.state === 'running') {
        compareRun(panel, runId, spec);
        followed.set(runId, watchRun(runId, (ev) => {
          if (ev.type === 'epoch') compareEpoch(panel, runId, ev);
          if (['done', 'error', 'cancelled'].includes(ev.type)) {
            followed.delete(runId);
            if (panel.$server) panel.$server.runEnded(); // the table of runs says how it ended
          }
        }));
        continue;
      }
      const r = await fetch(`/api/runs/${encodeURIComponent(runId)}`);
      if (!r.ok) continue;
      const run = await r.json();
      if (!(run.epochs || []).length || shown(runId)) continue;
      compareRun(panel, runId, spec);
      for (const e of run.epochs) {
        compareEpoch(panel, runId, { epoch: e.epoch, valid_accuracy: e.valid_accuracy ?? e.validAccuracy,
          valid_loss: e.valid_loss ?? e.validLoss });
      }
    }
  }

  /** Adds an epoch's validation accuracy and loss to run `runId`'s lines. */
  function compareEpoch(panel, runId, ev) {
    for (const [canvas, chart] of compareCharts(panel)) {
      const line = chart.data.datasets.find((d) => d.run === runId);
      const y = num(canvas.dataset.metric === 'accuracy' ? ev.valid_accuracy : ev.valid_loss);
      if (!line || !Number.isFinite(y) || (line.data.length && line.data[line.data.length - 1].x >= ev.epoch)) continue;
      line.data.push({ x: ev.epoch, y });
      canvas.parentElement.dataset.points = String(chart.data.datasets.reduce((n, d) => n + d.data.length, 0));
      chart.update('none');
    }
  }

  /** Takes run `runId` off the comparison charts (it was reset, cancelled or failed). */
  function compareDrop(panel, runId) {
    for (const [canvas, chart] of compareCharts(panel)) {
      chart.data.datasets = chart.data.datasets.filter((d) => d.run !== runId);
      canvas.parentElement.dataset.runs = String(chart.data.datasets.length);
      chart.update('none');
    }
  }

  /** Once a run is done: download links, and a pad to draw a digit for the trained model. */
  function afterRun(panel, runId) {
    const box = panel.querySelector('#after-run');
    if (!box) return;
    box.replaceChildren();
    const links = document.createElement('p');
    links.className = 'downloads';
    for (const [href, text] of [[`/api/runs/${runId}/weights.json`, 'Download the trained weights (JSON)'],
      [`/api/runs/${runId}/metrics.csv`, 'Download the metrics (CSV)']]) {
      const a = document.createElement('a');
      a.href = href;
      a.textContent = text;
      a.setAttribute('download', '');
      links.append(a, ' ');
    }
    box.append(links, drawPad(runId));
  }

  /**
   * A pad to draw a digit on. Classify shrinks the drawing the way MNIST was made (the digit fitted
   * into 20×20 pixels, centred in 28×28) and asks the run's trained model for its probabilities.
   */
  function drawPad(runId) {
    const wrap = document.createElement('div');
    wrap.className = 'draw-pad';
    const h = document.createElement('h4');
    h.textContent = 'Draw a digit for your model';
    const { canvas, clear } = padCanvas('pad');
    const result = document.createElement('div');
    result.className = 'pad-result';
    result.id = 'pad-result';
    result.setAttribute('aria-live', 'polite');
    const classify = document.createElement('button');
    classify.textContent = 'Classify';
    classify.id = 'pad-classify';
    classify.onclick = async () => {
      const pixels = padPixels(canvas);
      if (!pixels) { result.textContent = 'Draw a digit first.'; return; }
      const r = await fetch(`/api/runs/${runId}/classify`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ pixels }) });
      const body = await r.json();
      if (!r.ok) { result.textContent = body.error; return; }
      result.replaceChildren();
      const say = document.createElement('p');
      say.textContent = `Your model says: ${body.predicted}`;
      result.appendChild(say);
      body.digits.forEach((d, i) => {
        const row = document.createElement('div');
        row.className = 'prob';
        row.innerHTML = `<span>${d}</span><meter min="0" max="1" value="${body.probabilities[i]}"></meter><span>${(body.probabilities[i] * 100).toFixed(1)}%</span>`;
        result.appendChild(row);
      });
    };
    const clearButton = document.createElement('button');
    clearButton.textContent = 'Clear';
    clearButton.onclick = () => { clear(); result.replaceChildren(); };
    const buttons = document.createElement('div');
    buttons.append(classify, clearButton);
    wrap.append(h, canvas, buttons, result);
    return wrap;
  }

  /** A black 196×196 canvas to draw a white digit on with a mouse, a finger or a pen; clear() wipes it. */
  function padCanvas(id) {
    const canvas = document.createElement('canvas');
    canvas.width = canvas.height = 196;
    canvas.id = id;
    canvas.setAttribute('role', 'img');
    canvas.setAttribute('aria-label', 'Drawing pad: draw one digit with the mouse, a finger or a pen');
    const ctx = canvas.getContext('2d');
    const clear = () => { ctx.fillStyle = '#000'; ctx.fillRect(0, 0, 196, 196); };
    clear();
    let drawing = false;
    const at = (e) => { const r = canvas.getBoundingClientRect(); return [(e.clientX - r.left) * 196 / r.width, (e.clientY - r.top) * 196 / r.height]; };
    canvas.addEventListener('pointerdown', (e) => { drawing = true; ctx.beginPath(); ctx.moveTo(...at(e)); canvas.setPointerCapture(e.pointerId); });
    canvas.addEventListener('pointermove', (e) => {
      if (!drawing) return;
      ctx.strokeStyle = '#fff'; ctx.lineWidth = 16; ctx.lineCap = ctx.lineJoin = 'round';
      ctx.lineTo(...at(e)); ctx.stroke();
    });
    canvas.addEventListener('pointerup', () => { drawing = false; });
    return { canvas, clear };
  }

  /**
   * Lesson 1: a pad inside `widget` (in its .judge-pad box) whose drawing goes to the server's
   * widget ($server.judgeDrawing, 784 comma-separated values) to be measured against the ideals.
   */
  function judgePad(widget) {
    const box = widget.querySelector('.judge-pad');
    if (!box || box.firstChild) return;
    const { canvas, clear } = padCanvas('judge-pad');
    const judge = document.createElement('button');
    judge.textContent = 'Judge my drawing';
    judge.id = 'judge-drawing';
    const note = document.createElement('span');
    note.className = 'readout';
    note.setAttribute('aria-live', 'polite');
    judge.onclick = () => {
      const pixels = padPixels(canvas);
      note.textContent = pixels ? '' : 'Draw a 3 or a 7 first.';
      if (pixels) widget.$server.judgeDrawing(pixels.join(','));
    };
    const wipe = document.createElement('button');
    wipe.textContent = 'Clear';
    wipe.onclick = clear;
    const buttons = document.createElement('div');
    buttons.append(judge, wipe, note);
    const caption = document.createElement('span');
    caption.textContent = 'or draw a 3 or a 7 here';
    box.append(caption, canvas, buttons);
  }

  /** The pad's drawing as 784 values in [0,1]: fitted into 20×20, centred in 28×28; null when empty. */
  function padPixels(canvas) {
    const { data, width, height } = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height);
    let x0 = width, y0 = height, x1 = -1, y1 = -1;
    for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) {
      if (data[(y * width + x) * 4] > 20) { x0 = Math.min(x0, x); x1 = Math.max(x1, x); y0 = Math.min(y0, y); y1 = Math.max(y1, y); }
    }
    if (x1 < 0) return null;
    const w = x1 - x0 + 1, h = y1 - y0 + 1, scale = 20 / Math.max(w, h);
    const small = document.createElement('canvas');
    small.width = small.height = 28;
    const sctx = small.getContext('2d');
    sctx.fillStyle = '#000';
    sctx.fillRect(0, 0, 28, 28);
    sctx.drawImage(canvas, x0, y0, w, h, 14 - (w * scale) / 2, 14 - (h * scale) / 2, w * scale, h * scale);
    const px = sctx.getImageData(0, 0, 28, 28).data;
    const out = [];
    for (let i = 0; i < 784; i++) out.push(Math.round(px[i * 4] / 255 * 1000) / 1000);
    return out;
  }

  /** Scales an array to [0,1] for drawing (feature maps have no fixed range). */
  function normalize(values) {
    let max = 1e-8;
    for (const v of values) max = Math.max(max, num(v));
    return values.map((v) => Math.max(0, num(v)) / max);
  }

  /**
   * Stops following the panel's run (cancelling it if it still goes: the server's panel may not have
   * adopted it yet) and clears its charts and pictures.
   */
  function resetTraining(panel) {
    if (panel.$stop) panel.$stop();
    panel.$stop = null;
    if (going(panel)) { // dropped mid-run
      compareDrop(panel, panel.dataset.run);
      fetch(`/api/runs/${encodeURIComponent(panel.dataset.run)}`, { method: 'DELETE' });
    }
    panel.$generation = (panel.$generation || 0) + 1; // a Train still waiting for its run id drops it
    delete panel.dataset.run;
    delete panel.dataset.ended;
    ['loss-chart', 'accuracy-chart'].forEach((id) => { const box = panel.querySelector('#' + id); if (box) clearChart(box); });
    panel.querySelector('#weights')?.replaceChildren();
    panel.querySelector('#report')?.replaceChildren();
    panel.querySelector('#after-run')?.replaceChildren();
    panel.querySelector('.feature-maps')?.parentElement?.remove();
    panel.querySelector('#latest').textContent = '';
    delete panel.dataset.done;
    delete panel.dataset.accuracy;
  }

  return { drawDigit, drawWeights, lineChart, addPoint, clearChart, watchRun, watchBaseline, watchCurve,
    trainingPanel, watchTraining, resetTraining, compareChart, compareStored, judgePad, padPixels, plot, chartOf };
})();
