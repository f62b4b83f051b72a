package org.sevensteps.server.runs;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.sevensteps.server.store.QueueStore.Waiting;

/**
 * The order in which the queue takes the waiting runs, the same rule as the claim's SQL: the owner
 * served longest ago goes first, and among their runs the oldest; once served, the owner goes to the
 * back. Used to tell a student how many runs go before theirs.
 */
final class FairOrder {
    private FairOrder() {}

    /** The ids of {@code waiting} in the order they will be claimed. */
    static List<String> of(List<Waiting> waiting) {
        List<Waiting> left = new ArrayList<>(waiting);
        Map<String, Long> served = new HashMap<>();
        long clock = 0;
        for (Waiting w : left) {
            served.merge(w.owner(), w.ownerServedAt(), Math::max);
            clock = Math.max(clock, w.ownerServedAt());
        }
        List<String> order = new ArrayList<>(left.size());
        Comparator<Waiting> first = Comparator.<Waiting>comparingLong(w -> served.get(w.owner()))
                .thenComparingLong(Waiting::createdAt).thenComparing(Waiting::id);
        while (!left.isEmpty()) {
            Waiting next = left.stream().min(first).orElseThrow();
            left.remove(next);
            order.add(next.id());
            served.put(next.owner(), ++clock);
        }
        return order;
    }
}
