/** Datasets and minibatches, shuffled with a seed. */
package org.sevensteps.engine.data;
