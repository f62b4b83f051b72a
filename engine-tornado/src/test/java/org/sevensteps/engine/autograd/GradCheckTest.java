package org.sevensteps.engine.autograd;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.sevensteps.engine.tensor.Rng;
import org.sevensteps.engine.tensor.Tensor;

/** Every op's backward against central finite differences. */
class GradCheckTest {
    private static final double EPS = 1e-3, TOL = 5e-3;
    private final Rng rng = new Rng(7);

    private Tensor param(int... shape) {
        return Tensor.randn(rng, shape).requiresGrad(true);
    }

    /** Values away from 0 (for kinks and divisions) and positive (for log, sqrt). */
    private Tensor positive(int... shape) {
        return Tensor.uniform(rng, 0.5f, 2f, shape).requiresGrad(true);
    }

    private static void check(String name, Function<Tensor[], Tensor> f, Tensor... in) {
        double err = GradCheck.maxError(f, EPS, in);
        assertTrue(err < TOL, name + ": max error " + err);
    }

    @Test
    void binaryOpsWithBroadcasting() {
        check("add", t -> t[0].add(t[1]), param(2, 3), param(3));
        check("sub", t -> t[0].sub(t[1]), param(2, 3), param(2, 1));
        check("mul", t -> t[0].mul(t[1]), param(2, 3), param(1, 3));
        check("div", t -> t[0].div(t[1]), param(2, 3), positive(3));
        check("scalar ops", t -> t[0].mul(3f).add(1f).div(2f).rsub(1f).neg(), param(4));
        check("where", t -> Ops.where(t[0].gt(0f), t[0], t[1]), param(2, 3), param(2, 3));
    }

    /** The second operand repeating along the first's leading dimensions (no copy), either side for + and *. */
    @Test
    void binaryOpsWithARepeatingOperand() {
        check("image - mean image", t -> t[0].sub(t[1]), param(3, 2, 4), param(2, 4));
        check("bias + batch", t -> t[1].add(t[0]), param(4, 3), param(3));
        check("weights * batch", t -> t[1].mul(t[0]), param(2, 2, 3), param(1, 2, 3));
        check("batch / scale", t -> t[0].div(t[1]), param(5, 3), positive(3));
        check("scalar-shaped - batch", t -> t[1].sub(t[0]), param(2, 3), param(1));
        check("same shapes", t -> t[0].mul(t[1]).div(t[1].abs().add(1f)), param(2, 3), param(2, 3));
    }

    @Test
    void unaryOps() {
        check("pow", t -> t[0].pow(3f), positive(5));
        check("square", t -> t[0].square(), param(5));
        check("sqrt", t -> t[0].sqrt(), positive(5));
        check("abs", t -> t[0].abs(), positive(5).mul(-1f).detach().requiresGrad(true));
        check("exp", t -> t[0].exp(), param(5));
        check("log", t -> t[0].log(), positive(5));
        check("sigmoid", t -> t[0].sigmoid(), param(5));
        check("relu", t -> t[0].relu(), positive(3).sub(1.25f).detach().requiresGrad(true));
    }

    @Test
    void reductions() {
        check("sum", t -> t[0].sum(), param(2, 3));
        check("mean", t -> t[0].mean(), param(2, 3));
        check("sum dim 0", t -> t[0].sum(0, false), param(2, 3, 4));
        check("mean dim 1 keep", t -> t[0].mean(1, true), param(2, 3, 4));
        check("sum last", t -> t[0].sum(-1, false), param(2, 3, 4));
    }

    @Test
    void matmulAndShapes() {
        check("matmul", t -> t[0].matmul(t[1]), param(3, 4), param(4, 5));
        check("matmul vector", t -> t[0].matmul(t[1]), param(3, 4), param(4));
        check("transpose", t -> t[0].transpose(), param(3, 4));
        check("view", t -> t[0].view(6, -1), param(3, 4));
        check("rows", t -> t[0].rows(2, 0, 2), param(3, 4));
        check("cat", t -> Ops.cat(List.of(t[0], t[1]), 1), param(2, 3), param(2, 2));
        check("stack", t -> Ops.stack(List.of(t[0], t[1]), 0), param(2, 3), param(2, 3));
    }

    @Test
    void fusedLayerOps() {
        check("linear", t -> NnOps.linear(t[0], t[1], t[2]), param(4, 5), param(3, 5), param(3));
        check("conv2d", t -> NnOps.conv2d(t[0], t[1], t[2], 2, 1), param(2, 2, 5, 5), param(3, 2, 3, 3), param(3));
        check("conv2d stride 1 no pad", t -> NnOps.conv2d(t[0], t[1], t[2], 1, 0), param(1, 2, 4, 4), param(2, 2, 3, 3), param(2));
        check("avgPool2d", t -> NnOps.avgPool2d(t[0], 2, 2), param(2, 2, 4, 4));
        check("avgPool2d, overlapping windows", t -> NnOps.avgPool2d(t[0], 3, 2), param(1, 2, 7, 6));
    }

    @Test
    void softmaxFamily() {
        Tensor target = Tensor.vector(2f, 0f, 1f);
        check("logSoftmax", t -> NnOps.logSoftmax(t[0]), param(3, 4));
        check("nll", t -> NnOps.nll(t[0], target), param(3, 4));
        check("crossEntropy", t -> NnOps.crossEntropy(t[0], target), param(3, 4));
    }
}
