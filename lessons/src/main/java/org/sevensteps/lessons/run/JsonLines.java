package org.sevensteps.lessons.run;

import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The command line's {@code --json} format: one object per epoch, then a last line with
 * {@code "done":true}. Batch and snapshot events are not printed.
 */
public final class JsonLines {
    private static final ObjectMapper JSON = JsonMapper.builder().build();

    private JsonLines() {}

    /** The line for {@code event}, or null when the command line does not print this kind of event. */
    public static String line(RunEvent event) {
        ObjectNode node = JSON.valueToTree(event);
        node.remove("seq");
        String type = node.remove("type").asString();
        return switch (type) {
            case "epoch" -> node.toString();
            case "done" -> {
                ObjectNode done = JSON.createObjectNode();
                done.put("done", true);
                done.setAll(node);
                yield done.toString();
            }
            default -> null;
        };
    }

    /** The event as the websocket sends it: all fields, {@code type} first. */
    public static String wire(RunEvent event) {
        return JSON.writeValueAsString(event);
    }
}
