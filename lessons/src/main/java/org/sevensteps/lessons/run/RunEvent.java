package org.sevensteps.lessons.run;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.Map;

/**
 * One thing a run reports. The same fields go to the command line ({@code --json}) and over the
 * websocket {@code /ws/runs/{id}}; fields that do not apply are left out of the JSON.
 *
 * @param type {@code queued} (waiting; {@code position} runs go first), {@code batch}, {@code epoch},
 *     {@code snapshot}, {@code done}, {@code error} or {@code cancelled}
 * @param seq position of the event in its run (0, 1, 2...), set by the server so a client that
 *     reconnects can skip what it already has; null on the command line
 * @param epoch 1-based epoch
 * @param batch 1-based batch within the epoch
 * @param trainLoss mean training loss (of the batch for {@code batch}, of the epoch for {@code epoch})
 * @param validLoss mean loss on the validation set
 * @param validAccuracy fraction of the validation set classified correctly
 * @param seconds wall time of the epoch's training pass, validation excluded
 * @param secondsTotal wall time of the whole run (on {@code done})
 * @param backend the backend that did the work ({@code cpu} or {@code tornado})
 * @param message a human readable message (on {@code error} and {@code cancelled})
 * @param extra experiment-specific values (images, per-class accuracies), written as top-level fields
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"type", "seq", "epoch", "batch", "train_loss", "valid_loss", "valid_accuracy", "seconds",
        "seconds_total", "backend", "message"})
public record RunEvent(
        String type,
        Long seq,
        Integer epoch,
        Integer batch,
        @JsonProperty("train_loss") Double trainLoss,
        @JsonProperty("valid_loss") Double validLoss,
        @JsonProperty("valid_accuracy") Double validAccuracy,
        Double seconds,
        @JsonProperty("seconds_total") Double secondsTotal,
        String backend,
        String message,
        @JsonIgnore Map<String, Object> extra) {

    public RunEvent {
        extra = extra == null ? Map.of() : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(extra));
    }

    /** The run waits for the engine; {@code position} runs go before it. Sent again when it moves up. */
    public static RunEvent queued(int position) {
        return new RunEvent("queued", null, null, null, null, null, null, null, null, null, null,
                Map.of("position", position));
    }

    /** Progress within an epoch. */
    public static RunEvent batch(int epoch, int batch, Double trainLoss, Map<String, Object> extra) {
        return new RunEvent("batch", null, epoch, batch, trainLoss, null, null, null, null, null, null, extra);
    }

    /** The end of an epoch, with its metrics. */
    public static RunEvent epoch(int epoch, Double trainLoss, Double validLoss, double validAccuracy, double seconds,
            String backend, Map<String, Object> extra) {
        return new RunEvent("epoch", null, epoch, null, trainLoss, validLoss, validAccuracy, seconds, null, backend,
                null, extra);
    }

    /** Arrays to draw (images, weights), outside the epoch rhythm. */
    public static RunEvent snapshot(Map<String, Object> extra) {
        return new RunEvent("snapshot", null, null, null, null, null, null, null, null, null, null, extra);
    }

    /** Arrays to draw as they were after {@code epoch} epochs (0: before training). */
    public static RunEvent snapshot(int epoch, Map<String, Object> extra) {
        return new RunEvent("snapshot", null, epoch, null, null, null, null, null, null, null, null, extra);
    }

    /** The run finished normally. */
    public static RunEvent done(double validAccuracy, double secondsTotal, String backend) {
        return new RunEvent("done", null, null, null, null, null, validAccuracy, null, secondsTotal, backend, null,
                null);
    }

    /** The run failed; {@code message} says why in words a student can read. */
    public static RunEvent error(String message) {
        return new RunEvent("error", null, null, null, null, null, null, null, null, null, message, null);
    }

    /** The run was stopped before its end. */
    public static RunEvent cancelled(String message) {
        return new RunEvent("cancelled", null, null, null, null, null, null, null, null, null, message, null);
    }

    /** This event numbered {@code n} within its run. */
    public RunEvent withSeq(long n) {
        return new RunEvent(type, n, epoch, batch, trainLoss, validLoss, validAccuracy, seconds, secondsTotal, backend,
                message, extra);
    }

    /** True for the events after which a run sends nothing more. */
    @JsonIgnore
    public boolean isFinal() {
        return type.equals("done") || type.equals("error") || type.equals("cancelled");
    }

    @JsonAnyGetter
    Map<String, Object> extraFields() {
        return extra;
    }
}
