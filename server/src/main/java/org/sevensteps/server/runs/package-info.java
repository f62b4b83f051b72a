/**
 * Runs: every Train press becomes a {@link org.sevensteps.server.runs.Run}, queued on the
 * {@link org.sevensteps.server.runs.RunQueue} and executed one at a time on the shared backend. A run
 * keeps every event it emitted, so a late or reconnecting watcher gets the full history.
 */
package org.sevensteps.server.runs;
