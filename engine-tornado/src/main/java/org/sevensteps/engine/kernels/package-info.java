/**
 * The math, as plain {@code static} methods over {@code float[]}: the readable reference version of
 * every kernel, one each. Outputs come first, then inputs, then dimensions; nothing is allocated,
 * nothing is thrown, no object is called, so a TornadoVM backend can compile the same methods.
 * Backward kernels add into the input gradients ({@code +=}), because gradients accumulate.
 *
 * <p>Key to the letters: B batch, M/K/N matmul rows/inner/columns, C channels or classes,
 * OC output channels, H/W input height and width, OH/OW output height and width, KH/KW kernel size,
 * P = OH*OW output pixels per image, R rows, n element count.
 */
package org.sevensteps.engine.kernels;
