package org.sevensteps.engine.backend;

/** Bytes copied from host to device and back; counts only array contents, as a kernel sees them. */
public record Traffic(long toDevice, long toHost) {

    /** Nothing moved. */
    public static final Traffic NONE = new Traffic(0, 0);

    /** Both directions. */
    public long total() {
        return toDevice + toHost;
    }

    /** What moved since {@code before}. */
    public Traffic since(Traffic before) {
        return new Traffic(toDevice - before.toDevice, toHost - before.toHost);
    }
}
