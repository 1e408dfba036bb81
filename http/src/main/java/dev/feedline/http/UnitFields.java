package dev.feedline.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.feedline.core.error.FeedlineException;
import dev.feedline.core.units.Units;
import dev.feedline.json.Json;
import dev.feedline.model.Mdo;
import dev.feedline.model.UnitSettings;
import dev.feedline.model.VarType;
import dev.feedline.model.VarTypeUnit;
import java.util.LinkedHashMap;
import java.util.Map;

/** The unit fields of variables and streams and the var type shape, as IOTile Cloud v1 writes them. */
final class UnitFields {
    private UnitFields() {}

    /** The unit fields a request body names (a JSON null clears one); empty when it names none. */
    static Map<String, Object> change(Body b) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (String f : Units.FIELDS) {
            if (!b.node().has(f)) continue;
            JsonNode v = b.node().get(f);
            if (v.isNull()) out.put(f, null);
            else if (v.isTextual()) out.put(f, v.asText());
            else if (v.isNumber()) out.put(f, v.numberValue());
            else throw FeedlineException.invalidField(f, "must be a string or a number");
        }
        return out;
    }

    /** A variable's fields: its own settings (IOTile's defaults, m = d = 1, o = 0, where it has none). */
    static ObjectNode variable(ObjectNode n, UnitSettings own, Units units) {
        put(n, own, units);
        n.put("decimal_places", own.decimalPlaces() == null ? 2 : own.decimalPlaces());
        return n;
    }

    /** A stream's fields: what applies to it (its own over its variable's); mdo_type S when the stream sets its own MDO, V otherwise. */
    static ObjectNode stream(ObjectNode n, UnitSettings own, UnitSettings effective, Units units) {
        put(n, effective, units);
        if (own.mdo() != null) n.put("mdo_type", "S"); else if (effective.mdo() != null) n.put("mdo_type", "V"); else n.putNull("mdo_type");
        if (effective.decimalPlaces() == null) n.putNull("decimal_places"); else n.put("decimal_places", effective.decimalPlaces());
        return n;
    }

    private static void put(ObjectNode n, UnitSettings s, Units units) {
        n.put("var_type", s.varType());
        unitOrNull(n, "input_unit", units.unit(s.inputUnit()));
        unitOrNull(n, "output_unit", units.unit(s.outputUnit()));
        Mdo mdo = s.mdo() == null ? Mdo.IDENTITY : s.mdo();
        n.put("multiplication_factor", mdo.m());
        n.put("division_factor", mdo.d());
        n.put("offset", mdo.o());
    }

    private static void unitOrNull(ObjectNode n, String field, VarTypeUnit u) {
        if (u == null) n.putNull(field); else n.set(field, unit(u));
    }

    static ObjectNode unit(VarTypeUnit u) {
        ObjectNode n = Json.object();
        n.put("slug", u.slug());
        n.put("unit_full", u.unitFull());
        n.put("unit_short", u.unitShort());
        n.put("m", u.mdo().m());
        n.put("d", u.mdo().d());
        n.put("o", u.mdo().o());
        if (u.decimalPlaces() != null) {
            n.put("decimal_places", u.decimalPlaces());
            n.set("derived_units", u.derivedUnits() == null ? Json.object() : Json.read(u.derivedUnits()));
        }
        return n;
    }

    static ObjectNode varType(VarType t) {
        ObjectNode n = Json.object();
        n.put("name", t.name());
        n.put("slug", t.slug());
        t.inputUnits().forEach(u -> n.withArray("available_input_units").add(unit(u)));
        if (t.inputUnits().isEmpty()) n.putArray("available_input_units");
        t.outputUnits().forEach(u -> n.withArray("available_output_units").add(unit(u)));
        if (t.outputUnits().isEmpty()) n.putArray("available_output_units");
        n.put("stream_data_type", t.streamDataType());
        if (t.decoder() == null) n.putNull("decoder"); else n.set("decoder", Json.read(t.decoder()));
        n.putNull("schema");
        n.put("storage_units_full", t.storageUnitsFull());
        n.put("storage_units_short", "");
        return n;
    }
}
