package org.sevensteps.engine.tensor;

/**
 * A seeded random source (SplitMix64): the same seed gives the same numbers on every machine.
 * There is no global seed; whoever needs randomness is handed an {@code Rng}. Not thread-safe.
 */
public final class Rng {
    private long state;
    private double spare = Double.NaN; // Box-Muller makes two normals at a time; keep the second

    /** A generator whose whole sequence is fixed by {@code seed}. */
    public Rng(long seed) {
        this.state = seed;
    }

    /** The next 64 random bits. */
    public long nextLong() {
        long z = (state += 0x9E3779B97F4A7C15L);
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** Uniform in [0, 1) with 53 random bits. */
    public double nextDouble() {
        return (nextLong() >>> 11) * 0x1.0p-53;
    }

    /** Uniform in [lo, hi). */
    public float uniform(float lo, float hi) {
        return (float) (lo + (hi - lo) * nextDouble());
    }

    /** Uniform integer in [0, bound). */
    public int nextInt(int bound) {
        if (bound <= 0) throw new IllegalArgumentException("bound must be positive: " + bound);
        return (int) ((nextLong() >>> 33) % bound);
    }

    /** Standard normal sample by the Box-Muller transform. */
    public double normal() {
        if (!Double.isNaN(spare)) {
            double s = spare;
            spare = Double.NaN;
            return s;
        }
        double u1 = 1.0 - nextDouble(); // in (0, 1], so log(u1) is finite
        double u2 = nextDouble();
        double r = Math.sqrt(-2.0 * Math.log(u1));
        spare = r * Math.sin(2 * Math.PI * u2);
        return r * Math.cos(2 * Math.PI * u2);
    }

    /** Fills {@code out} with standard normal samples. */
    public void fillNormal(float[] out) {
        for (int i = 0; i < out.length; i++) out[i] = (float) normal();
    }

    /** Fills {@code out} with samples uniform in [lo, hi). */
    public void fillUniform(float[] out, float lo, float hi) {
        for (int i = 0; i < out.length; i++) out[i] = uniform(lo, hi);
    }

    /** Shuffles {@code a} in place (Fisher-Yates). */
    public void shuffle(int[] a) {
        for (int i = a.length - 1; i > 0; i--) {
            int j = nextInt(i + 1);
            int t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
    }

    /** A random permutation of 0..n-1. */
    public int[] permutation(int n) {
        int[] p = new int[n];
        for (int i = 0; i < n; i++) p[i] = i;
        shuffle(p);
        return p;
    }
}
