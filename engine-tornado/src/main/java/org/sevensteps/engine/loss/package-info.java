/** Loss functions and the metrics the lessons report. */
package org.sevensteps.engine.loss;
