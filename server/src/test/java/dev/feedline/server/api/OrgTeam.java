package dev.feedline.server.api;

import dev.feedline.server.Api;
import java.util.HashMap;
import java.util.Map;

/** A fresh org with an admin and a member, and the owner of another org: the people of the fleet and OTA API tests. */
record OrgTeam(String org, Seed.Member admin, Seed.Member member, Seed.Member stranger) {
    static OrgTeam of(Api serverAdmin, Api anonymous) {
        String org = Seed.org(serverAdmin);
        return new OrgTeam(org, Seed.member(serverAdmin, anonymous, org, "admin"), Seed.member(serverAdmin, anonymous, org, "member"),
                Seed.member(serverAdmin, anonymous, Seed.org(serverAdmin), "owner"));
    }

    /** A JSON body from key, value, key, value… (values may be null, which Map.of refuses). */
    static Map<String, Object> map(Object... kv) {
        Map<String, Object> m = new HashMap<>();
        for (int i = 0; i < kv.length; i += 2) m.put((String) kv[i], kv[i + 1]);
        return m;
    }
}
