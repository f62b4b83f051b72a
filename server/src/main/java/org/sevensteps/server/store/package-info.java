/**
 * Persistence: an embedded SQLite file by default, PostgreSQL with {@code --db-url}; Flyway
 * migrations in {@code db/migration}, Jdbi for the queries, HikariCP for the connections.
 */
package org.sevensteps.server.store;
