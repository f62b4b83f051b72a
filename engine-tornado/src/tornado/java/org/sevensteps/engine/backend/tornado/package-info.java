/**
 * The TornadoVM backend: the kernels of {@link org.sevensteps.engine.backend.Backend} as TaskGraphs,
 * one per op and shape, running the reference kernels' own per-element methods on an OpenCL device.
 * Compiled only with the Maven profile {@code -Ptornado}; the only place that imports TornadoVM.
 */
package org.sevensteps.engine.backend.tornado;
