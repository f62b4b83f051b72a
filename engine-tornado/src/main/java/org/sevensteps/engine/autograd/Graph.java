package org.sevensteps.engine.autograd;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import org.sevensteps.engine.kernels.Elementwise;
import org.sevensteps.engine.tensor.Shape;
import org.sevensteps.engine.tensor.Tensor;

/** Backpropagation: a topological sort of the graph, then one loop over it in reverse. */
public final class Graph {
    private Graph() {}

    /**
     * Adds d(root)/d(leaf) into the {@code grad} of every leaf under {@code root} that requires grad.
     * {@code gradient} is d(something)/d(root); it may be null only when root holds one element.
     *
     * @throws IllegalStateException when root does not require grad, or is not a scalar and no
     *     gradient is given, or the graph was already used by an earlier backward
     */
    public static void backward(Tensor root, Tensor gradient) {
        if (!root.requiresGrad())
            throw new IllegalStateException("backward() on a tensor that does not require grad: no parameter "
                    + "with requiresGrad(true) went into it (or it was computed inside NoGrad)");
        if (gradient == null && root.numel() != 1)
            throw new IllegalStateException("backward() needs a scalar: this tensor has shape " + Shape.str(root.shape())
                    + "; reduce it first (sum() or mean()) or pass backward(gradient)");
        if (gradient != null && gradient.numel() != root.numel())
            throw new IllegalArgumentException("gradient shape " + Shape.str(gradient.shape()) + " does not match " + Shape.str(root.shape()));

        List<Tensor> topo = topologicalOrder(root);
        if (gradient == null) root.gradBuffer()[0] += 1f; // d(root)/d(root) = 1
        else Elementwise.accumulate(root.gradBuffer(), gradient.data(), root.numel());
        for (int i = topo.size() - 1; i >= 0; i--) topo.get(i).runBackwardStep();
    }

    /** Every node that requires grad under root, each after all of its inputs. */
    public static List<Tensor> topologicalOrder(Tensor root) {
        List<Tensor> topo = new ArrayList<>();
        Set<Tensor> visited = Collections.newSetFromMap(new IdentityHashMap<>());
        build(root, visited, topo);
        return topo;
    }

    private static void build(Tensor v, Set<Tensor> visited, List<Tensor> topo) {
        if (!v.requiresGrad() || !visited.add(v)) return;
        for (Tensor p : v.parents()) build(p, visited, topo);
        topo.add(v);
    }
}
