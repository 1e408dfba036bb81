package dev.feedline.core.fleet;

import com.fasterxml.jackson.databind.JsonNode;
import dev.feedline.core.port.MetadataStore;
import dev.feedline.model.FleetTemplate;
import dev.feedline.model.Mdo;
import dev.feedline.model.Project;
import dev.feedline.model.UnitSettings;
import dev.feedline.model.Variable;
import java.time.Clock;
import java.util.Optional;

/**
 * Makes a project ready for a device running a known sensor graph: a variable per variable template (lid, name
 * from its label, var type, units and m/d/o) that the project lacks. Variables the project has already keep
 * their own settings. The caller creates the device's streams afterwards, one per project variable, as claiming does.
 */
public final class SensorGraphVariables {
    private final MetadataStore store;
    private final Clock clock;

    public SensorGraphVariables(MetadataStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    /** Creates the missing variables of the device's sensor graph in the project (nothing when the device has none). */
    public void ensure(Project project, long deviceId) {
        Long sgId = store.templates().linkOf(deviceId)[1];
        Optional<FleetTemplate> sg = sgId == null ? Optional.empty() : store.templates().byId(sgId);
        if (sg.isEmpty()) return;
        for (JsonNode vt : Templates.body(sg.get()).path("variable_templates")) {
            int lid = Integer.parseInt(vt.get("lid_hex").asText(), 16);
            if (store.variables().byLid(project.id(), lid).isPresent()) continue;
            String label = vt.get("label").asText();
            String name = store.variables().byName(project.id(), label).isPresent() ? label + " (" + vt.get("lid_hex").asText() + ")" : label;
            Variable v = store.variables().create(project.id(), lid, name, "", "", clock.instant());
            Mdo mdo = new Mdo(vt.path("m").asLong(1), vt.path("d").asLong(1), vt.path("o").asDouble(0.0));
            UnitSettings units = new UnitSettings(text(vt, "var_type"), text(vt, "default_input_unit"), text(vt, "default_output_unit"),
                    mdo.identity() ? null : mdo, null);
            if (!units.none()) store.units().setForVariable(v.id(), units);
        }
    }

    private static String text(JsonNode vt, String field) { return vt.path(field).isTextual() ? vt.get(field).textValue() : null; }
}
