package org.sevensteps.lessons.mnist;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reads the IDX format of the MNIST files: a big-endian magic number (0x0803 for images, 0x0801 for
 * labels), the dimensions as big-endian ints, then unsigned bytes.
 */
final class IdxReader {
    private static final int IMAGES_MAGIC = 0x0803;
    private static final int LABELS_MAGIC = 0x0801;

    private IdxReader() {}

    /** Reads an idx3 image file into (count, rows*cols) floats in [0,1]. */
    static float[] readImages(Path file) throws IOException {
        ByteBuffer buf = ByteBuffer.wrap(Files.readAllBytes(file));
        expectMagic(file, buf.getInt(), IMAGES_MAGIC);
        int count = buf.getInt(), rows = buf.getInt(), cols = buf.getInt();
        int n = count * rows * cols;
        if (buf.remaining() != n) throw truncated(file, n, buf.remaining());
        float[] out = new float[n];
        for (int i = 0; i < n; i++) out[i] = (buf.get() & 0xff) / 255f;
        return out;
    }

    /** Reads an idx1 label file. */
    static byte[] readLabels(Path file) throws IOException {
        ByteBuffer buf = ByteBuffer.wrap(Files.readAllBytes(file));
        expectMagic(file, buf.getInt(), LABELS_MAGIC);
        int count = buf.getInt();
        if (buf.remaining() != count) throw truncated(file, count, buf.remaining());
        byte[] out = new byte[count];
        buf.get(out);
        return out;
    }

    private static void expectMagic(Path file, int magic, int expected) {
        if (magic != expected) {
            throw new MnistException(String.format(
                    "%s is not an IDX file of the expected kind (magic 0x%08x, expected 0x%08x)", file, magic, expected));
        }
    }

    private static MnistException truncated(Path file, int expected, int actual) {
        return new MnistException(file + " is truncated: expected " + expected + " data bytes, found " + actual);
    }
}
