package org.sevensteps.server.cli;

import java.nio.file.Path;
import org.sevensteps.lessons.mnist.MnistCache;
import org.sevensteps.server.classroom.Classroom;
import org.sevensteps.server.runs.QueueSettings;
import org.sevensteps.server.runs.RunQueue;
import org.sevensteps.server.store.ClassroomStore;
import org.sevensteps.server.store.Database;
import org.sevensteps.server.store.QueueStore;
import org.sevensteps.server.store.RunStore;

/** {@code serve --role worker}: the run queue on the shared database, executing runs, without a web server. */
final class QueueWorker implements AutoCloseable {
    private final Database db;
    private final RunQueue queue;

    QueueWorker(Path dataDir, String dbUrl, QueueSettings settings) {
        MnistCache mnist = new MnistCache(dataDir);
        mnist.store().ensure();
        this.db = Database.open(dbUrl, dataDir);
        this.queue = new RunQueue(mnist, new RunStore(db), new QueueStore(db), new Classroom(new ClassroomStore(db)), settings);
        queue.warmUp(); // the first run of each model should not pay for the JIT
    }

    String instance() {
        return queue.instance();
    }

    @Override
    public void close() throws InterruptedException {
        queue.close();
        db.close();
    }
}
