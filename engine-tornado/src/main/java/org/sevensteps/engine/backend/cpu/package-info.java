/** The CPU backend: the hot kernels split over threads by output rows or columns, inner loops on the Vector API. */
package org.sevensteps.engine.backend.cpu;
