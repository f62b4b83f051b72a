package org.sevensteps.lessons.playground;

import java.util.ArrayList;
import java.util.List;
import org.sevensteps.engine.autograd.NoGrad;
import org.sevensteps.engine.loss.Losses;
import org.sevensteps.engine.optim.Sgd;
import org.sevensteps.engine.tensor.Rng;
import org.sevensteps.engine.tensor.Tensor;

/**
 * Lesson 4: the speed of a roller-coaster measured once a second for 20 seconds over a hump, and a
 * quadratic a·t² + b·t + c fitted to it by plain SGD. Everything random (the measuring noise, the
 * first guess of a, b, c) comes from one seed.
 */
public final class RollerCoaster {
    /** Measurements are taken at t = 0, 1, ..., 19 seconds. */
    public static final int SECONDS = 20;

    private final long seed;
    private final Tensor time;   // (20) 0..19
    private final Tensor speed;  // (20) the measurements
    private final Tensor a, b, c; // (1) each: the parameters
    private final Sgd sgd;
    private int steps;

    /** Measures the ride and makes a random first guess, both from {@code seed}. */
    public RollerCoaster(long seed) {
        this.seed = seed;
        Rng rng = new Rng(seed);
        float[] t = new float[SECONDS];
        for (int i = 0; i < SECONDS; i++) t[i] = i;
        time = Tensor.vector(t);
        // speed = randn*3 + 0.75*(t - 9.5)² + 1: a hump, plus noise because measuring by hand is imprecise
        speed = Tensor.randn(rng, SECONDS).mul(3f).add(time.sub(9.5f).square().mul(0.75f)).add(1f);
        float[] guess = Tensor.randn(rng, 3).data();
        a = Tensor.vector(guess[0]).requiresGrad(true);
        b = Tensor.vector(guess[1]).requiresGrad(true);
        c = Tensor.vector(guess[2]).requiresGrad(true);
        sgd = new Sgd(List.of(a, b, c), 1e-5f);
    }

    /** The model: a quadratic in t with parameters a, b, c. */
    public static Tensor f(Tensor t, Tensor a, Tensor b, Tensor c) {
        return a.mul(t.square()).add(b.mul(t)).add(c);
    }

    /**
     * What one step printed: the loss of the predictions it started from, the gradient that loss gave
     * each parameter, and the parameters after the step.
     */
    public record Step(int number, float loss, float[] grads, float[] params) {}

    /**
     * One pass of the seven steps' middle: predict, loss, gradient, step. Then the gradients are
     * cleared so the next step starts from zero.
     */
    public Step applyStep(float lr) {
        Tensor preds = f(time, a, b, c);
        Tensor loss = Losses.mse(preds, speed);
        loss.backward();
        float[] grads = {a.grad().item(), b.grad().item(), c.grad().item()};
        sgd.setLr(lr);
        sgd.step();      // p -= lr * p.grad, for a, b and c
        sgd.zeroGrad();
        steps++;
        return new Step(steps, loss.item(), grads, params());
    }

    /** The current a, b, c. */
    public float[] params() {
        return new float[] {a.item(), b.item(), c.item()};
    }

    /** The model's speeds at t = 0..19 with the current parameters. */
    public float[] predictions() {
        try (NoGrad off = NoGrad.scope()) {
            return f(time, a, b, c).data().clone();
        }
    }

    /** The mean squared error of the current parameters. */
    public float loss() {
        try (NoGrad off = NoGrad.scope()) {
            return Losses.mse(f(time, a, b, c), speed).item();
        }
    }

    /** The measured speeds. */
    public float[] speeds() {
        return speed.data().clone();
    }

    /** The measuring times, 0..19. */
    public float[] times() {
        return time.data().clone();
    }

    /** Steps taken since the start. */
    public int steps() {
        return steps;
    }

    /** The seed that made the data and the first guess. */
    public long seed() {
        return seed;
    }

    /** The loss before any step and after each of {@code steps} steps at {@code lr}, from a fresh start with {@code seed}. */
    public static float[] lossCurve(long seed, float lr, int steps) {
        RollerCoaster ride = new RollerCoaster(seed);
        float[] losses = new float[steps + 1];
        for (int i = 0; i < steps; i++) losses[i] = ride.applyStep(lr).loss();
        losses[steps] = ride.loss();
        return losses;
    }

    /** Steps the ride {@code n} times at {@code lr} and returns what each step printed. */
    public List<Step> train(int n, float lr) {
        List<Step> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) out.add(applyStep(lr));
        return out;
    }
}
