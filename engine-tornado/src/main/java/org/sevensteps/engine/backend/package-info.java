/**
 * Who runs the hot kernels. {@link org.sevensteps.engine.backend.Backend} names them; its default
 * methods are the single-threaded reference kernels. {@code backend.cpu} runs them on all cores with
 * the Vector API; a TornadoVM backend (in {@code src/tornado/java}, profile {@code -Ptornado}) runs
 * the same kernels on a GPU. {@link org.sevensteps.engine.backend.Backends} picks one and says why.
 *
 * <p>A backend with memory of its own offers a {@link org.sevensteps.engine.backend.Device}: a
 * training step recorded from the backend calls ({@link org.sevensteps.engine.backend.Tape}) becomes a
 * {@link org.sevensteps.engine.backend.Program} that the device replays batch after batch, keeping the
 * parameters and the optimizer's state in its memory.
 */
package org.sevensteps.engine.backend;
