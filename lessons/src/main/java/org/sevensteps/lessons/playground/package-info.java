/**
 * The small computations behind the interactive widgets of lessons 2 to 4 (loss, gradient, step):
 * a few dozen floats each, run on the real engine straight from a click, with no run queue.
 * {@link org.sevensteps.lessons.playground.LossPlayground}, {@link
 * org.sevensteps.lessons.playground.GradientPlayground}, {@link
 * org.sevensteps.lessons.playground.RollerCoaster}. Plain Java: the views show these methods' source.
 */
package org.sevensteps.lessons.playground;
