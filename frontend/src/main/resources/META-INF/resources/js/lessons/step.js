// Lesson 4 (step) in the browser: after "Train N steps" the server sends one frame per step (or per
// few steps); this replays them, moving the prediction points and growing the loss curve, so the
// student watches the quadratic bend towards the data.
window.SevenStepsStep = (() => {
  const FRAME_MS = 60;

  /** Stops a replay still running on the fit chart `canvas`. */
  function stop(canvas) {
    if (canvas.$timer) clearInterval(canvas.$timer);
    canvas.$timer = null;
    canvas.dataset.animating = 'false';
  }

  /** frames: [{step, loss, preds: [20 speeds]}]. The final frame is what the server drew already. */
  function animate(canvas, frames) {
    stop(canvas);
    const fit = SevenSteps.chartOf(canvas);
    const lossCanvas = document.querySelector('#loss-plot canvas');
    const loss = lossCanvas && SevenSteps.chartOf(lossCanvas);
    if (!fit || !frames.length) return;
    const lossData = loss ? loss.data.datasets[0].data : null;
    const kept = lossData ? lossData.filter((p) => p.x <= frames[0].step - 1) : null;
    const finalLoss = lossData ? lossData.slice() : null;
    if (loss) loss.data.datasets[0].data = kept;
    const finalPreds = fit.data.datasets[1].data.map((p) => ({ ...p }));
    let i = 0;
    canvas.dataset.animating = 'true';
    canvas.$timer = setInterval(() => {
      if (i >= frames.length) {
        fit.data.datasets[1].data = finalPreds;
        fit.update('none');
        if (loss) { loss.data.datasets[0].data = finalLoss; loss.update('none'); }
        stop(canvas);
        return;
      }
      const f = frames[i++];
      fit.data.datasets[1].data = f.preds.map((y, t) => ({ x: t, y }));
      fit.update('none');
      if (loss) {
        loss.data.datasets[0].data = finalLoss.filter((p) => p.x <= f.step);
        loss.update('none');
      }
    }, FRAME_MS);
  }

  return { animate, stop };
})();
