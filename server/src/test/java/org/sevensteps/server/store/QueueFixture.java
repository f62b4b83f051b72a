package org.sevensteps.server.store;

import java.util.Optional;
import org.sevensteps.lessons.spec.RunSpec;
import org.sevensteps.server.store.QueueStore.Devices;
import org.sevensteps.server.store.QueueStore.Lane;

/** A migrated database with its run and queue stores: what the store tests submit runs to and claim them from. */
final class QueueFixture implements AutoCloseable {
    /** No instance has a device: the CPU lane takes every run. */
    static final Devices NO_DEVICE = new Devices(false, false);

    final Database database;
    final RunStore store;
    final QueueStore queue;

    QueueFixture(String url) {
        this.database = Databases.open(url);
        this.store = new RunStore(database);
        this.queue = new QueueStore(database);
    }

    /** Queues a run of {@code spec} for {@code owner}, in no class, submitted at {@code at}. */
    void submit(String id, String owner, RunSpec spec, long at) {
        store.insert(RunRecord.queued(id, owner, null, spec, null, at));
    }

    /** The run {@code instance}'s CPU lane claims at {@code now}, when no instance has a device. */
    Optional<RunRecord> claimCpu(String instance, long now) {
        return queue.claim(instance, Lane.CPU, "cpu", NO_DEVICE, now);
    }

    @Override
    public void close() {
        database.close();
    }
}
