package org.sevensteps.server.runs;

import java.time.Duration;

/**
 * How an instance takes part in the shared queue, and its clocks.
 *
 * @param role {@link Role#ALL} serves pages and executes runs, {@link Role#WEB} only serves pages
 *     (runs go to other instances), {@link Role#WORKER} only executes runs
 * @param engines the backends its lanes run on
 * @param timeLimit the longest one run may work
 * @param poll how often an idle worker looks for a run queued on another instance, and how often
 *     runs executing elsewhere are followed (new epochs, flags, the end)
 * @param heartbeat how often the instance says it is alive
 * @param staleAfter an instance silent this long is dead: its running runs become interrupted
 */
public record QueueSettings(Role role, Engines engines, Duration timeLimit, Duration poll, Duration heartbeat,
        Duration staleAfter) {

    /** What an instance does. */
    public enum Role { ALL, WEB, WORKER }

    /** The longest a single run may work, by default. */
    public static final Duration RUN_TIME_LIMIT = Duration.ofMinutes(20);

    public QueueSettings {
        if (staleAfter.compareTo(heartbeat.multipliedBy(2)) < 0) {
            throw new IllegalArgumentException("staleAfter must be at least two heartbeats");
        }
    }

    /**
     * The defaults: poll every 0.5 s, heartbeat every 5 s, dead after 30 s. The system properties
     * {@code sevensteps.pollMillis}, {@code sevensteps.heartbeatMillis} and {@code sevensteps.staleMillis}
     * change them (the tests use short ones).
     */
    public static QueueSettings of(Role role, Engines engines) {
        return new QueueSettings(role, engines, RUN_TIME_LIMIT, millis("sevensteps.pollMillis", 500),
                millis("sevensteps.heartbeatMillis", 5_000), millis("sevensteps.staleMillis", 30_000));
    }

    /** The same with other clocks. */
    public QueueSettings withClocks(Duration poll, Duration heartbeat, Duration staleAfter) {
        return new QueueSettings(role, engines, timeLimit, poll, heartbeat, staleAfter);
    }

    /** Whether this instance executes runs. */
    public boolean executes() {
        return role != Role.WEB;
    }

    private static Duration millis(String property, long fallback) {
        return Duration.ofMillis(Long.getLong(property, fallback));
    }
}
