// Lesson 2 (loss) in the browser: the red prediction points of the chart can be dragged up and down.
// A drag moves the matching slider and fires its 'input' event, so the server hears a drag exactly as
// it hears the slider, and recomputes every loss with the engine.
window.SevenStepsLoss = (() => {
  /** Makes the points of dataset 1 of the chart on `canvas` draggable; `inputIds`: one slider id per point. */
  function dragPoints(canvas, inputIds) {
    const inputs = () => inputIds.split(' ').map((id) => document.getElementById(id));
    let dragging = -1;
    const valueAt = (chart, ev) => {
      const rect = canvas.getBoundingClientRect();
      const v = chart.scales.y.getValueForPixel(ev.clientY - rect.top);
      return Math.max(0, Math.min(1, Math.round(v * 100) / 100));
    };
    canvas.style.touchAction = 'none';
    canvas.addEventListener('pointerdown', (ev) => {
      const chart = SevenSteps.chartOf(canvas);
      if (!chart) return;
      const hits = chart.getElementsAtEventForMode(ev, 'nearest', { intersect: false, axis: 'x' }, false)
        .filter((h) => h.datasetIndex === 1);
      if (!hits.length) return;
      dragging = hits[0].index;
      canvas.setPointerCapture(ev.pointerId);
      move(chart, ev);
    });
    const move = (chart, ev) => {
      const input = inputs()[dragging];
      const v = valueAt(chart, ev);
      chart.data.datasets[1].data[dragging].y = v; // at once, before the server answers
      chart.update('none');
      if (input && String(v) !== input.value) {
        input.value = String(v);
        input.dispatchEvent(new Event('input', { bubbles: true }));
      }
    };
    canvas.addEventListener('pointermove', (ev) => {
      const chart = SevenSteps.chartOf(canvas);
      if (dragging >= 0 && chart) move(chart, ev);
    });
    const stop = () => { dragging = -1; };
    canvas.addEventListener('pointerup', stop);
    canvas.addEventListener('pointercancel', stop);
  }

  return { dragPoints };
})();
