package org.sevensteps.engine.backend;

/**
 * The {@link Backend} calls a {@link Tape} can record, one constant per method. A call's arguments
 * are split by type, each group in the method's own order: the arrays, then the ints, then the floats
 * (a boolean as 1 or 0). For each array the op says how the call uses it ({@link Access}), and for
 * the optimizers which floats change from one step to the next (the learning rate, Adam's bias
 * corrections), which a device reads from memory instead of baking them into its code.
 */
public enum Op {
    MATMUL_NN(a("U R R"), 3, 0),
    MATMUL_NT(a("U R R"), 3, 0),
    MATMUL_TN(a("U R R"), 3, 0),
    IM2COL(a("W R"), 10, 0),
    COL2IM(a("U R"), 10, 0),
    CONV2D(a("W R R R"), 11, 0),
    CONV2D_BACKWARD(a("U U U R R R"), 11, 0),
    RELU(a("W R"), 1, 0),
    RELU_BACKWARD(a("U R R"), 1, 0),
    ADD_BIAS(a("U R"), 2, 0),
    ADD_BIAS_BACKWARD(a("U R"), 2, 0),
    AVG_POOL(a("W R"), 8, 0),
    AVG_POOL_BACKWARD(a("U R"), 8, 0),
    ACCUMULATE(a("U R"), 1, 0),
    SGD(a("U U R"), 1, 4, 0, 3),
    ADAM(a("U U U R"), 1, 7, 0, 5, 6);

    /** How a call uses an array. */
    public enum Access {
        /** Reads it only. */
        READ,
        /** Overwrites every element without reading it. */
        WRITE,
        /** Reads and writes it: {@code +=}, or an optimizer's update in place. */
        UPDATE
    }

    private final Access[] access;
    private final int ints, floats;
    private final int[] perStep;

    Op(Access[] access, int ints, int floats, int... perStep) {
        this.access = access;
        this.ints = ints;
        this.floats = floats;
        this.perStep = perStep;
    }

    /** How the call uses its i-th array. */
    public Access access(int i) {
        return access[i];
    }

    /** Number of array arguments. */
    public int arrays() {
        return access.length;
    }

    /** Number of int arguments. */
    public int ints() {
        return ints;
    }

    /** Number of float arguments. */
    public int floats() {
        return floats;
    }

    /** The indices of the floats that change from step to step (empty for all but the optimizers). */
    public int[] perStep() {
        return perStep.clone();
    }

    /** True for the parameter updates, whose per-step floats a device reads from memory. */
    public boolean isUpdate() {
        return this == SGD || this == ADAM;
    }

    /** Runs the call on {@code be}: the inverse of what {@link Tape} records. */
    public void run(Backend be, float[][] x, int[] i, float[] f) {
        switch (this) {
            case MATMUL_NN -> be.matmulNN(x[0], x[1], x[2], i[0], i[1], i[2]);
            case MATMUL_NT -> be.matmulNT(x[0], x[1], x[2], i[0], i[1], i[2]);
            case MATMUL_TN -> be.matmulTN(x[0], x[1], x[2], i[0], i[1], i[2]);
            case IM2COL -> be.im2col(x[0], x[1], i[0], i[1], i[2], i[3], i[4], i[5], i[6], i[7], i[8], i[9]);
            case COL2IM -> be.col2im(x[0], x[1], i[0], i[1], i[2], i[3], i[4], i[5], i[6], i[7], i[8], i[9]);
            case CONV2D -> be.conv2d(x[0], x[1], x[2], x[3], i[0], i[1], i[2], i[3], i[4], i[5], i[6], i[7], i[8], i[9], i[10]);
            case CONV2D_BACKWARD -> be.conv2dBackward(null, x[0], x[1], x[2], x[3], x[4], x[5],
                    i[0], i[1], i[2], i[3], i[4], i[5], i[6], i[7], i[8], i[9], i[10]);
            case RELU -> be.relu(x[0], x[1], i[0]);
            case RELU_BACKWARD -> be.reluBackward(x[0], x[1], x[2], i[0]);
            case ADD_BIAS -> be.addBias(x[0], x[1], i[0], i[1]);
            case ADD_BIAS_BACKWARD -> be.addBiasBackward(x[0], x[1], i[0], i[1]);
            case AVG_POOL -> be.avgPool(x[0], x[1], i[0], i[1], i[2], i[3], i[4], i[5], i[6], i[7]);
            case AVG_POOL_BACKWARD -> be.avgPoolBackward(x[0], x[1], i[0], i[1], i[2], i[3], i[4], i[5], i[6], i[7]);
            case ACCUMULATE -> be.accumulate(x[0], x[1], i[0]);
            case SGD -> be.sgd(x[0], x[1], x[2], f[0], f[1], f[2], f[3] != 0f, i[0]);
            case ADAM -> be.adam(x[0], x[1], x[2], x[3], f[0], f[1], f[2], f[3], f[4], f[5], f[6], i[0]);
        }
    }

    /** Accesses from a pattern of R, W and U letters, one per array. */
    private static Access[] a(String pattern) {
        String p = pattern.replace(" ", "");
        Access[] out = new Access[p.length()];
        for (int k = 0; k < out.length; k++) out[k] = switch (p.charAt(k)) {
            case 'R' -> Access.READ;
            case 'W' -> Access.WRITE;
            case 'U' -> Access.UPDATE;
            default -> throw new IllegalArgumentException(pattern);
        };
        return out;
    }
}
