/**
 * The small computations behind the interactive widgets of lessons 2 to 4 (loss, gradient, step) and
 * lesson 7's filter on a real digit: a few hundred floats each, run on the real engine straight from
 * a click, with no run queue. {@link org.sevensteps.lessons.playground.LossPlayground}, {@link
 * org.sevensteps.lessons.playground.GradientPlayground}, {@link
 * org.sevensteps.lessons.playground.RollerCoaster}, {@link org.sevensteps.lessons.playground.ConvPlayground}.
 * Plain Java: the views show these methods' source.
 */
package org.sevensteps.lessons.playground;
