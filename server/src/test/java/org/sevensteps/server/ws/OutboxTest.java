package org.sevensteps.server.ws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** A socket's pace: a burst of three messages after a quiet spell (the start of a run), then one per 50 ms. */
class OutboxTest {
    static final long MS = TimeUnit.MILLISECONDS.toNanos(1);

    @Test
    void aQuietSocketSendsThreeMessagesAtOnceThenOneEveryFiftyMilliseconds() {
        RunSocket.Outbox box = new RunSocket.Outbox();
        long t = System.nanoTime() + 1000 * MS; // quiet for a second: the bucket is full
        for (int i = 0; i < RunSocket.BURST; i++) {
            assertEquals(0, box.untilNextMessage(t), "message " + (i + 1) + " goes at once");
            box.spend(t);
        }
        long wait = box.untilNextMessage(t);
        assertTrue(wait > 49 * MS && wait <= 50 * MS, "the fourth waits for the next token: " + wait / 1e6 + " ms");
    }

    @Test
    void aBusySocketSendsAtMostTwentyMessagesASecondAfterItsBurst() {
        RunSocket.Outbox box = new RunSocket.Outbox();
        long t = System.nanoTime() + 1000 * MS, end = t + 1000 * MS;
        int sent = 0;
        while (t < end) { // a run that has an event ready all the time: each message goes as soon as allowed
            t += box.untilNextMessage(t);
            if (t >= end) break;
            box.spend(t);
            sent++;
        }
        assertTrue(sent <= 20 + RunSocket.BURST && sent >= 20, sent + " messages in a second");
    }
}
