/**
 * Drawing in the browser: Chart.js line charts and 28×28 digit canvases. The Java side places the
 * elements; {@code /js/sevensteps.js} draws into them, fed by the run's websocket.
 */
package org.sevensteps.ui.charts;
