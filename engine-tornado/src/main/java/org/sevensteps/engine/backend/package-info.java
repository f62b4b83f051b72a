/**
 * Who runs the hot kernels. {@link org.sevensteps.engine.backend.Backend} names them; its default
 * methods are the single-threaded reference kernels. {@code backend.cpu} runs them on all cores with
 * the Vector API; a TornadoVM backend (in {@code src/tornado/java}, profile {@code -Ptornado}) runs
 * the same kernels on a GPU. {@link org.sevensteps.engine.backend.Backends} picks one and says why.
 */
package org.sevensteps.engine.backend;
