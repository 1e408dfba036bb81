package dev.feedline.json;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.feedline.model.Command;
import dev.feedline.model.Slugs;

/** A command and its status, as the REST API and the live API show it. */
public final class CommandJson {
    private CommandJson() {}

    public static ObjectNode of(Command c) {
        ObjectNode n = Json.object();
        n.put("id", c.id());
        n.put("device", Slugs.device(c.deviceId()));
        n.put("method", c.method());
        n.set("params", Json.read(c.params()));
        n.put("oneway", c.oneWay());
        n.put("status", c.status().wire());
        if (c.reply() == null) n.putNull("reply"); else n.set("reply", Json.read(c.reply()));
        n.put("error", c.error());
        n.put("created_on", WireTime.format(c.createdOn()));
        n.put("expires_on", WireTime.format(c.expiresOn()));
        n.put("updated_on", WireTime.format(c.updatedOn()));
        return n;
    }
}
