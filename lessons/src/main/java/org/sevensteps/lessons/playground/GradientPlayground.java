package org.sevensteps.lessons.playground;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.sevensteps.engine.autograd.Graph;
import org.sevensteps.engine.autograd.NoGrad;
import org.sevensteps.engine.loss.Losses;
import org.sevensteps.engine.tensor.Rng;
import org.sevensteps.engine.tensor.Tensor;

/** Lesson 3: slopes from the engine's autograd, checked by finite differences and by hand. */
public final class GradientPlayground {
    private GradientPlayground() {}

    /** f(x) = x² at one point, and its slope from {@code backward()}. */
    public record Slope(float x, float y, float slope) {}

    /** The value and slope of x² at {@code x}, the way PyTorch does it: requires_grad, forward, backward, read .grad. */
    public static Slope slopeOfSquare(float x) {
        Tensor xt = Tensor.scalar(x).requiresGrad(true);
        Tensor yt = xt.square();
        yt.backward();
        return new Slope(x, yt.item(), xt.grad().item());
    }

    /** The gradient of sum(x²) with respect to every element of {@code values}: 2x, elementwise. */
    public static float[] gradOfSumOfSquares(float[] values) {
        Tensor xt = Tensor.vector(values).requiresGrad(true);
        xt.square().sum().backward();
        return xt.grad().data().clone();
    }

    /**
     * The central difference (f(x+h) - f(x-h)) / 2h of x², computed with the engine in double-checked
     * float, no autograd: the slope measured rather than derived.
     */
    public static double numericSlopeOfSquare(float x, float h) {
        try (NoGrad off = NoGrad.scope()) {
            float up = Tensor.scalar(x + h).square().item();
            float down = Tensor.scalar(x - h).square().item();
            return ((double) up - down) / (2.0 * h);
        }
    }

    /**
     * x.grad across calls: each {@link #backward()} adds into it (gradients accumulate), until
     * {@link #zeroGrad()}. Inside {@code no_grad} nothing is recorded, so backward has nothing to follow.
     */
    public static final class Accumulator {
        private final Tensor x;
        private int backwards;

        public Accumulator(float[] values) {
            x = Tensor.vector(values).requiresGrad(true);
        }

        /** Computes sum(x²) again and backpropagates, adding 2x into x.grad. */
        public void backward() {
            x.square().sum().backward();
            backwards++;
        }

        /** Like {@link #backward()}, but the forward pass runs inside no_grad; the engine refuses. */
        public void backwardUnderNoGrad() {
            Tensor y;
            try (NoGrad off = NoGrad.scope()) {
                y = x.square().sum();
            }
            y.backward();
        }

        /** x.grad = 0, as {@code optimizer.zero_grad()} does for every parameter. */
        public void zeroGrad() {
            x.zeroGrad();
            backwards = 0;
        }

        /** The current gradient, zeros before the first backward. */
        public float[] grad() {
            return x.hasGrad() ? x.grad().data().clone() : new float[x.numel()];
        }

        /** How many backward calls went into the gradient since the last zeroGrad. */
        public int backwards() {
            return backwards;
        }
    }

    /**
     * One node of a computation graph, for drawing: what made it, its value, and d(output)/d(node).
     *
     * @param parents indices into the node list
     */
    public record Node(String name, String op, float value, float grad, int[] parents) {}

    /** The tiny expression of the lesson, L = (a·b + c)², built with the engine's ops. */
    public static Tensor expression(Tensor a, Tensor b, Tensor c) {
        return a.mul(b).add(c).square();
    }

    /**
     * Builds {@link #expression} at (a, b, c), keeps every intermediate gradient, runs backward once,
     * and lists the nodes, inputs before outputs, with their values and gradients.
     */
    public static List<Node> graph(float a, float b, float c) {
        Tensor ta = Tensor.scalar(a).requiresGrad(true);
        Tensor tb = Tensor.scalar(b).requiresGrad(true);
        Tensor tc = Tensor.scalar(c).requiresGrad(true);
        Tensor out = expression(ta, tb, tc);
        List<Tensor> order = Graph.topologicalOrder(out);
        order.forEach(Tensor::retainGrad);
        out.backward();

        Map<Tensor, Integer> index = new IdentityHashMap<>();
        Map<Tensor, String> names = new IdentityHashMap<>(Map.of(ta, "a", tb, "b", tc, "c", out, "L"));
        List<Node> nodes = new ArrayList<>();
        for (Tensor t : order) {
            Tensor[] ps = t.parents();
            int[] parents = new int[ps.length];
            for (int i = 0; i < ps.length; i++) parents[i] = index.get(ps[i]);
            String name = names.getOrDefault(t, switch (t.op()) {
                case "mul" -> "a·b";
                case "add" -> "a·b + c";
                default -> t.op();
            });
            index.put(t, nodes.size());
            nodes.add(new Node(name, t.op(), t.item(), t.grad().item(), parents));
        }
        return nodes;
    }

    /**
     * The gradients of a small MLP, worked out by hand with the chain rule, next to autograd's.
     *
     * @param names the parameters, in order: w1, b1, w2, b2
     * @param maxDiff for each, the largest |by hand - autograd| over its elements
     */
    public record HandCheck(String[] names, float[] maxDiff, float loss) {}

    /**
     * A 4-3-1 MLP (linear, ReLU, linear) with MSE on 6 seeded random rows: backpropagation written out
     * by hand (mse grad, linear grad, relu grad), then the same through {@code backward()}.
     */
    public static HandCheck backpropByHand(long seed) {
        Rng rng = new Rng(seed);
        Tensor x = Tensor.randn(rng, 6, 4), y = Tensor.randn(rng, 6, 1);
        Tensor w1 = Tensor.randn(rng, 4, 3).requiresGrad(true), b1 = Tensor.zeros(3).requiresGrad(true);
        Tensor w2 = Tensor.randn(rng, 3, 1).requiresGrad(true), b2 = Tensor.zeros(1).requiresGrad(true);

        // Autograd: forward, then one call.
        Tensor loss = Losses.mse(x.matmul(w1).add(b1).relu().matmul(w2).add(b2), y);
        loss.backward();

        // By hand: keep the forward's intermediate values, then walk back with the chain rule.
        Tensor[] byHand;
        try (NoGrad off = NoGrad.scope()) {
            Tensor l1 = x.matmul(w1).add(b1);               // (6,3)
            Tensor l2 = l1.relu();                            // (6,3)
            Tensor out = l2.matmul(w2).add(b2);               // (6,1)
            Tensor outG = out.sub(y).mul(2f / out.numel());   // d mean((out-y)²) / d out
            Tensor w2G = l2.transpose().matmul(outG);         // linear: w.g = inpᵀ · out.g
            Tensor b2G = outG.sum(0, false);                  //         b.g = out.g summed over rows
            Tensor l2G = outG.matmul(w2.transpose());         //         inp.g = out.g · wᵀ
            Tensor l1G = l1.gt(0f).mul(l2G);                  // relu: passes the gradient where l1 > 0
            Tensor w1G = x.transpose().matmul(l1G);
            Tensor b1G = l1G.sum(0, false);
            byHand = new Tensor[] {w1G, b1G, w2G, b2G};
        }
        Tensor[] auto = {w1, b1, w2, b2};
        float[] diff = new float[4];
        for (int k = 0; k < 4; k++) {
            float[] h = byHand[k].data(), g = auto[k].grad().data();
            for (int i = 0; i < h.length; i++) diff[k] = Math.max(diff[k], Math.abs(h[i] - g[i]));
        }
        return new HandCheck(new String[] {"w1", "b1", "w2", "b2"}, diff, loss.item());
    }
}
