/**
 * Runs: every Train press becomes a row in the shared queue and a {@link org.sevensteps.server.runs.Run}
 * in memory. The {@link org.sevensteps.server.runs.RunQueue} of each instance claims runs fairly with
 * one {@link org.sevensteps.server.runs.Worker} per engine, heart-beats, reaps the runs of dead
 * instances ({@link org.sevensteps.server.runs.Heartbeat}) and follows runs executed elsewhere
 * ({@link org.sevensteps.server.runs.Follower}). A run keeps every event it emitted here, so a late or
 * reconnecting watcher gets the full history.
 */
package org.sevensteps.server.runs;
