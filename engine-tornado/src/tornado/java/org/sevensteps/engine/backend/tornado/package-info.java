/**
 * The TornadoVM backend: the kernels of {@link org.sevensteps.engine.backend.Backend} running the
 * reference kernels' own per-element methods on an OpenCL device, either as one TaskGraph per op and
 * shape, or, for training, as one plan per recorded step ({@code TornadoProgram}) that keeps the model
 * in device memory. Compiled only with the Maven profile {@code -Ptornado}; the only place that
 * imports TornadoVM.
 */
package org.sevensteps.engine.backend.tornado;
