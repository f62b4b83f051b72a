/**
 * {@code sevensteps bench}: the performance workloads A–E of the design on our engine, side by side
 * with the same workloads in PyTorch ({@code bench/torch_bench.py}) when a Python with torch is found.
 */
package org.sevensteps.server.bench;
