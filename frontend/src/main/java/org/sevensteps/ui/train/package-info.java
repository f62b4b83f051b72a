/**
 * The training widget lessons 5 to 7 share: parameters with ranges, Train / Pause / Step / Reset /
 * New seed, live loss and accuracy charts, first-layer weights, and the validation report.
 */
package org.sevensteps.ui.train;
