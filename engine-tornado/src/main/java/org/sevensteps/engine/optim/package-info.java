/** Optimizers, in order of increasing complexity: SGD (with momentum as an option), then Adam. */
package org.sevensteps.engine.optim;
