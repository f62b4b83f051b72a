/**
 * The training loop: {@link org.sevensteps.engine.learn.Learner} runs fit, epoch and batch, each with
 * before, after and cleanup events for its {@link org.sevensteps.engine.learn.Callback}s. Progress,
 * metrics, cancelling, time limits and early stopping are each a small callback. On a backend with a
 * device, a fit keeps the model and the optimizer's state there ({@code OnDevice}).
 */
package org.sevensteps.engine.learn;
