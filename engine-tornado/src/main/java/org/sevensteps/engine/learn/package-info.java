/**
 * The training loop: {@link org.sevensteps.engine.learn.Learner} runs fit, epoch and batch, each with
 * before, after and cleanup events for its {@link org.sevensteps.engine.learn.Callback}s. Progress,
 * metrics, cancelling, time limits and early stopping are each a small callback.
 */
package org.sevensteps.engine.learn;
