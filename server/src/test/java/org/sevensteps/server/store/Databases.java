package org.sevensteps.server.store;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The two databases every store test runs against: a fresh SQLite file, and a real PostgreSQL. */
public final class Databases {
    private static EmbeddedPostgres postgres;

    private Databases() {}

    /** A JDBC URL of an empty SQLite database in a new temporary folder. */
    public static String sqlite() {
        try {
            return "jdbc:sqlite:" + Files.createTempDirectory("sevensteps-db").resolve("test.db");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A JDBC URL of a new, empty database in a PostgreSQL server started once for all tests. */
    public static synchronized String postgres() {
        try {
            if (postgres == null) postgres = EmbeddedPostgres.builder().start();
            String name = "t" + Long.toHexString(System.nanoTime());
            try (var c = postgres.getPostgresDatabase().getConnection(); var s = c.createStatement()) {
                s.execute("CREATE DATABASE " + name);
            }
            return postgres.getJdbcUrl("postgres", name);
        } catch (IOException | java.sql.SQLException e) {
            throw new IllegalStateException("could not start PostgreSQL for the tests: " + e.getMessage(), e);
        }
    }

    /** Opens {@code url} (migrated), with a data dir that is never used for the database itself. */
    public static Database open(String url) {
        return Database.open(url, Path.of(System.getProperty("java.io.tmpdir")));
    }
}
