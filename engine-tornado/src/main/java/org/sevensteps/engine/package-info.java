/**
 * The Seven Steps engine: tensors, autograd, layers, losses, optimizers and the training loop.
 *
 * <p>Feature packages: {@code tensor} (the data), {@code kernels} (the math as static loops),
 * {@code backend} (who runs the hot kernels: CPU threads + Vector API, later TornadoVM),
 * {@code autograd} (the graph and its ops), {@code nn}, {@code loss}, {@code optim}, {@code data}
 * and {@code learn}.
 */
package org.sevensteps.engine;
