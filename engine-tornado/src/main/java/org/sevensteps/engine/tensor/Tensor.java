package org.sevensteps.engine.tensor;

import java.util.Arrays;
import org.sevensteps.engine.autograd.Graph;
import org.sevensteps.engine.autograd.NoGrad;
import org.sevensteps.engine.autograd.Ops;

/**
 * A tensor: a contiguous row-major {@code float[]} with a shape, and, when it takes part in
 * autograd, a gradient buffer of the same size and the node of the graph that made it.
 *
 * <p>Semantics follow PyTorch: a tensor the user creates is a <em>leaf</em>; an op whose inputs
 * require grad makes a non-leaf that remembers its parents and a backward closure. {@link #backward()}
 * fills {@code grad} of the leaves (accumulating with {@code +=} until {@link #zeroGrad()}); the
 * gradient of a non-leaf is dropped after use unless {@link #retainGrad()} was called.
 *
 * <p>The op methods ({@link #add}, {@link #matmul}, ...) are thin: each delegates to {@link Ops},
 * where the forward and backward of that op sit side by side.
 */
public final class Tensor {
    private final float[] data;
    private final int[] shape;
    private float[] grad;
    private boolean requiresGrad;
    private boolean retainGrad;

    // The graph node: which op made this tensor, from what, and its local chain-rule step.
    private final String op;
    private Tensor[] parents;
    private Runnable backwardStep;
    private boolean freed;
    // Set while a device holds newer values than the host array (see syncFrom).
    private volatile Runnable hostSync;

    private Tensor(float[] data, int[] shape, String op, Tensor[] parents) {
        if (data.length != Shape.size(shape))
            throw new IllegalArgumentException(data.length + " values do not fill shape " + Shape.str(shape));
        this.data = data;
        this.shape = shape;
        this.op = op;
        this.parents = parents;
    }

    // ---------------------------------------------------------------- creation

    /** Wraps {@code data} (no copy) as a leaf tensor of the given shape. */
    public static Tensor of(float[] data, int... shape) {
        return new Tensor(data, shape.clone(), "leaf", null);
    }

    /** A 1-d tensor holding a copy of {@code values}. */
    public static Tensor vector(float... values) {
        return of(values.clone(), values.length);
    }

    /** A 0-d tensor (shape {@code []}) holding {@code value}. */
    public static Tensor scalar(float value) {
        return of(new float[] {value});
    }

    /** Zeros of the given shape. */
    public static Tensor zeros(int... shape) {
        return of(new float[Shape.size(shape)], shape);
    }

    /** {@code value} everywhere. */
    public static Tensor full(float value, int... shape) {
        float[] d = new float[Shape.size(shape)];
        Arrays.fill(d, value);
        return of(d, shape);
    }

    /** Ones of the given shape. */
    public static Tensor ones(int... shape) {
        return full(1f, shape);
    }

    /** Standard normal samples from {@code rng}. */
    public static Tensor randn(Rng rng, int... shape) {
        float[] d = new float[Shape.size(shape)];
        rng.fillNormal(d);
        return of(d, shape);
    }

    /** Samples uniform in [lo, hi) from {@code rng}. */
    public static Tensor uniform(Rng rng, float lo, float hi, int... shape) {
        float[] d = new float[Shape.size(shape)];
        rng.fillUniform(d, lo, hi);
        return of(d, shape);
    }

    /**
     * The output of an op: a new node whose parents are {@code inputs}. It requires grad when grad
     * mode is on ({@link NoGrad}) and any input requires grad; otherwise it is a plain leaf and the
     * graph is not recorded.
     */
    public static Tensor derived(float[] data, int[] shape, String op, Tensor... inputs) {
        boolean needs = false;
        if (NoGrad.isGradEnabled()) for (Tensor t : inputs) needs |= t.requiresGrad;
        Tensor out = new Tensor(data, shape, op, needs ? inputs : null);
        out.requiresGrad = needs;
        return out;
    }

    /**
     * Sets the local chain-rule step of this node: read this tensor's {@link #gradBuffer()}, add
     * into the parents' gradients. Ignored when the node records no graph.
     */
    public void onBackward(Runnable step) {
        if (requiresGrad && parents != null) backwardStep = step;
    }

    // ---------------------------------------------------------------- data and grad

    /**
     * The values, row-major. Shared, not copied. When a device holds newer values ({@link #syncFrom}),
     * they are copied into the host array first, and the caller may then read and write it.
     */
    public float[] data() {
        Runnable sync = hostSync;
        if (sync != null) sync.run();
        return data;
    }

    /**
     * Makes {@link #data()} call {@code sync} first, for as long as a device may hold newer values
     * than the host array (a parameter during training on a GPU); null: the host array is the truth.
     * {@code sync} must bring the host array up to date and, since the caller may write it, treat
     * the device's copy as old.
     */
    public void syncFrom(Runnable sync) {
        this.hostSync = sync;
    }

    /** The shape. A copy. */
    public int[] shape() {
        return shape.clone();
    }

    /** Size of dimension {@code dim} (negative counts from the end). */
    public int size(int dim) {
        return shape[Shape.dim(dim, shape.length)];
    }

    /** Number of dimensions. */
    public int rank() {
        return shape.length;
    }

    /** Number of elements. */
    public int numel() {
        return data.length;
    }

    /** The single value of a one-element tensor. */
    public float item() {
        if (data.length != 1) throw new IllegalStateException("item() needs one element, shape is " + Shape.str(shape));
        return data()[0];
    }

    /** The value at the given multi-index. */
    public float get(int... index) {
        if (index.length != shape.length) throw new IllegalArgumentException("index rank " + index.length + " != " + shape.length);
        int flat = 0;
        for (int i = 0; i < index.length; i++) {
            if (index[i] < 0 || index[i] >= shape[i]) throw new IndexOutOfBoundsException("index " + Arrays.toString(index) + " in " + Shape.str(shape));
            flat = flat * shape[i] + index[i];
        }
        return data()[flat];
    }

    /** Marks a leaf as a parameter whose gradient {@link #backward()} should compute. Returns this. */
    public Tensor requiresGrad(boolean on) {
        if (!isLeaf()) throw new IllegalStateException("requiresGrad can only be changed on leaf tensors (this one came from " + op + ")");
        this.requiresGrad = on;
        return this;
    }

    /** Whether gradients flow to or through this tensor. */
    public boolean requiresGrad() {
        return requiresGrad;
    }

    /** True for tensors made by the user (or that record no graph); false for op outputs that do. */
    public boolean isLeaf() {
        return parents == null;
    }

    /** Keep this non-leaf tensor's gradient after backward (PyTorch's {@code retain_grad()}). Returns this. */
    public Tensor retainGrad() {
        this.retainGrad = true;
        return this;
    }

    /** The gradient as a tensor sharing its buffer, or null if none has been computed (or it was dropped). */
    public Tensor grad() {
        return grad == null ? null : of(grad, shape);
    }

    /** The gradient buffer, allocated as zeros on first use. For ops and optimizers. */
    public float[] gradBuffer() {
        if (grad == null) grad = Buffers.zeros(data.length);
        return grad;
    }

    /** True when a gradient buffer exists. */
    public boolean hasGrad() {
        return grad != null;
    }

    /** Sets the gradient to zeros (keeps the buffer, so the next backward allocates nothing). */
    public void zeroGrad() {
        if (grad != null) Arrays.fill(grad, 0f);
    }

    /** Drops the gradient buffer. */
    public void clearGrad() {
        grad = null;
    }

    /** The op that made this tensor ("leaf" for user tensors), for debugging. */
    public String op() {
        return op;
    }

    /** The inputs of the op that made this tensor; empty for a leaf. */
    public Tensor[] parents() {
        return parents == null ? new Tensor[0] : parents;
    }

    /** Runs this node's local backward step once, then forgets the graph behind it. For {@link Graph}. */
    public void runBackwardStep() {
        if (freed) throw new IllegalStateException("backward through the graph a second time: the intermediate results of "
                + op + " were already freed");
        if (backwardStep != null) backwardStep.run();
        backwardStep = null;
        freed = !isLeaf();
        if (!isLeaf() && !retainGrad) {
            // nobody else can hold an intermediate gradient: the next step gets the buffer back
            Buffers.recycle(grad);
            grad = null;
        }
    }

    /** Backpropagates from this scalar: fills {@code grad} of every leaf that requires grad. */
    public void backward() {
        Graph.backward(this, null);
    }

    /** Backpropagates from this tensor with {@code gradient} as d(something)/d(this). */
    public void backward(Tensor gradient) {
        Graph.backward(this, gradient);
    }

    /** A new leaf with the same values and no graph (PyTorch's {@code detach()}, but copying). */
    public Tensor detach() {
        return of(data(), shape);
    }

    /** A new leaf holding a copy of the values. */
    public Tensor copy() {
        return of(data().clone(), shape);
    }

    // ---------------------------------------------------------------- ops (see Ops for the math)

    public Tensor add(Tensor o) { return Ops.add(this, o); }
    public Tensor sub(Tensor o) { return Ops.sub(this, o); }
    public Tensor mul(Tensor o) { return Ops.mul(this, o); }
    public Tensor div(Tensor o) { return Ops.div(this, o); }
    public Tensor add(float c) { return Ops.addScalar(this, c); }
    public Tensor sub(float c) { return Ops.addScalar(this, -c); }
    public Tensor mul(float c) { return Ops.mulScalar(this, c); }
    public Tensor div(float c) { return Ops.mulScalar(this, 1f / c); }
    /** {@code c - this}. */
    public Tensor rsub(float c) { return Ops.addScalar(Ops.neg(this), c); }
    public Tensor neg() { return Ops.neg(this); }
    public Tensor pow(float p) { return Ops.pow(this, p); }
    public Tensor square() { return Ops.square(this); }
    public Tensor sqrt() { return Ops.sqrt(this); }
    public Tensor abs() { return Ops.abs(this); }
    public Tensor exp() { return Ops.exp(this); }
    public Tensor log() { return Ops.log(this); }
    public Tensor sigmoid() { return Ops.sigmoid(this); }
    public Tensor relu() { return Ops.relu(this); }
    public Tensor sum() { return Ops.sum(this); }
    public Tensor sum(int dim, boolean keepDim) { return Ops.sum(this, dim, keepDim); }
    public Tensor mean() { return Ops.mean(this); }
    public Tensor mean(int dim, boolean keepDim) { return Ops.mean(this, dim, keepDim); }
    public Tensor matmul(Tensor o) { return Ops.matmul(this, o); }
    public Tensor view(int... newShape) { return Ops.view(this, newShape); }
    public Tensor reshape(int... newShape) { return Ops.view(this, newShape); }
    public Tensor transpose() { return Ops.transpose(this); }
    public Tensor rows(int... index) { return Ops.rows(this, index); }
    public Tensor argmax(int dim) { return Ops.argmax(this, dim); }
    public Tensor gt(Tensor o) { return Ops.gt(this, o); }
    public Tensor lt(Tensor o) { return Ops.lt(this, o); }
    public Tensor eq(Tensor o) { return Ops.eq(this, o); }
    public Tensor gt(float c) { return Ops.gt(this, scalar(c)); }
    public Tensor lt(float c) { return Ops.lt(this, scalar(c)); }
    public Tensor eq(float c) { return Ops.eq(this, scalar(c)); }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("tensor(");
        float[] data = data();
        int n = Math.min(data.length, 10);
        sb.append('[');
        for (int i = 0; i < n; i++) sb.append(i > 0 ? ", " : "").append(String.format("%.4f", data[i]));
        if (data.length > n) sb.append(", ...");
        sb.append("], shape=").append(Shape.str(shape));
        if (requiresGrad) sb.append(isLeaf() ? ", requires_grad=True" : ", grad_fn=" + op);
        return sb.append(')').toString();
    }
}
