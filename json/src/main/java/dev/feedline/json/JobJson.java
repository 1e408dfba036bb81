package dev.feedline.json;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.feedline.core.port.JobQueue;
import java.util.Locale;

/**
 * A background job's status as GET /api/v1/pid/ shows it: Feedline's fields, plus IOTile's "info" object
 * ({type, created_on}) so clients written for the reference server read it too.
 */
public final class JobJson {
    private JobJson() {}

    public static ObjectNode of(JobQueue.Status s) {
        ObjectNode n = Json.object();
        n.put("pid", s.pid());
        n.put("type", s.type());
        n.put("status", s.state().name().toLowerCase(Locale.ROOT));
        n.put("attempts", s.attempts());
        n.put("error", s.error());
        n.put("created_on", WireTime.format(s.createdOn()));
        if (s.finishedOn() == null) n.putNull("finished_on"); else n.put("finished_on", WireTime.format(s.finishedOn()));
        ObjectNode info = n.putObject("info");
        info.put("type", s.type());
        info.put("created_on", WireTime.format(s.createdOn()));
        return n;
    }
}
