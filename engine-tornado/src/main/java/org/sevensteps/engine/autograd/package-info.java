/**
 * Autograd with PyTorch's semantics: ops record a graph when an input requires grad,
 * {@link org.sevensteps.engine.autograd.Graph#backward} walks it in reverse topological order, and
 * {@link org.sevensteps.engine.autograd.NoGrad} turns recording off for a scope. Each op's forward and
 * its backward closure sit side by side in {@link org.sevensteps.engine.autograd.Ops} and
 * {@link org.sevensteps.engine.autograd.NnOps}.
 */
package org.sevensteps.engine.autograd;
