package org.sevensteps.server.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Files;
import java.nio.file.Path;
import org.flywaydb.core.Flyway;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The database: opened, migrated to the newest schema, and shared through {@link #jdbi()}. */
public final class Database implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Database.class);

    private final HikariDataSource pool;
    private final Jdbi jdbi;
    private final boolean postgres;

    private Database(HikariDataSource pool, boolean postgres) {
        this.pool = pool;
        this.postgres = postgres;
        Flyway.configure().dataSource(pool).load().migrate();
        this.jdbi = Jdbi.create(pool);
    }

    /**
     * Opens {@code dbUrl} (a JDBC URL; PostgreSQL URLs may carry user and password as parameters), or
     * the SQLite file {@code dataDir/sevensteps.db} when it is null.
     */
    public static Database open(String dbUrl, Path dataDir) {
        HikariConfig cfg = new HikariConfig();
        cfg.setPoolName("sevensteps-db");
        boolean postgres;
        if (dbUrl == null || dbUrl.isBlank()) {
            try {
                Files.createDirectories(dataDir);
            } catch (java.io.IOException e) {
                throw new IllegalArgumentException("cannot create the data folder " + dataDir + ": " + e.getMessage());
            }
            Path file = dataDir.resolve("sevensteps.db");
            // WAL lets readers work while the run worker writes; busy_timeout waits instead of failing.
            cfg.setJdbcUrl("jdbc:sqlite:" + file + "?journal_mode=WAL&busy_timeout=10000&foreign_keys=true");
            cfg.setMaximumPoolSize(4);
            postgres = false;
        } else if (dbUrl.startsWith("jdbc:postgresql:")) {
            cfg.setJdbcUrl(dbUrl);
            cfg.setMaximumPoolSize(10);
            postgres = true;
        } else if (dbUrl.startsWith("jdbc:sqlite:")) {
            cfg.setJdbcUrl(dbUrl);
            cfg.setMaximumPoolSize(4);
            postgres = false;
        } else {
            throw new IllegalArgumentException("--db-url must be a jdbc:postgresql: or jdbc:sqlite: URL (got '"
                    + dbUrl.replaceAll("password=[^&]*", "password=***") + "')");
        }
        HikariDataSource pool;
        try {
            pool = new HikariDataSource(cfg);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("cannot open the database: " + e.getMessage(), e);
        }
        log.info("database: {}", postgres ? "PostgreSQL" : cfg.getJdbcUrl().replaceFirst("\\?.*", ""));
        return new Database(pool, postgres);
    }

    public Jdbi jdbi() {
        return jdbi;
    }

    /** True on PostgreSQL, where several servers may share the queue. */
    public boolean isPostgres() {
        return postgres;
    }

    @Override
    public void close() {
        pool.close();
    }
}
