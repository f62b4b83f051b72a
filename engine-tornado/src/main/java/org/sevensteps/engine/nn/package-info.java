/** Layers: {@link org.sevensteps.engine.nn.Module} and the modules the lessons build models from, initialised like PyTorch from a seeded Rng. */
package org.sevensteps.engine.nn;
