/** The tensor: a contiguous {@code float[]} with a shape, its gradient, and the seeded random source. */
package org.sevensteps.engine.tensor;
