package dev.feedline.core.units;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.feedline.core.error.ErrorKind;
import dev.feedline.core.error.FeedlineException;
import dev.feedline.core.port.MetadataStore;
import dev.feedline.core.port.UnitRepository;
import dev.feedline.model.Mdo;
import dev.feedline.model.UnitSettings;
import dev.feedline.model.VarType;
import dev.feedline.model.VarTypeUnit;
import java.lang.reflect.Proxy;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The validation of a unit change and how settings become a conversion, on a store that holds two var types. */
class UnitsTest {
    private static final VarType TEMP = new VarType("temp", "Temp", "Kelvin", "D0", null,
            List.of(new VarTypeUnit("in--temp--lm35", "LM35", "mA", new Mdo(280, 4095, 273.15), null, null)),
            List.of(new VarTypeUnit("out--temp--celsius", "Celsius", "C", new Mdo(1, 1, -273.15), 1, null)));
    private static final VarType COUNT = new VarType("count", "Count", "", "D0", null,
            List.of(new VarTypeUnit("in--count--na", "N/A", "", Mdo.IDENTITY, null, null)), List.of());

    private final Units units = new Units(store(), null, null);

    private static MetadataStore store() {
        UnitRepository repo = new UnitRepository() {
            @Override public List<VarType> varTypes() { return List.of(COUNT, TEMP); }
            @Override public Optional<VarType> varType(String slug) { return varTypes().stream().filter(t -> t.slug().equals(slug)).findFirst(); }
            @Override public Map<Long, UnitSettings> ofVariables(Collection<Long> ids) { return Map.of(); }
            @Override public Map<Long, UnitSettings> ofStreams(Collection<Long> ids) { return Map.of(); }
            @Override public void setForVariable(long id, UnitSettings s) { throw new UnsupportedOperationException(); }
            @Override public void setForStream(long id, UnitSettings s) { throw new UnsupportedOperationException(); }
        };
        return (MetadataStore) Proxy.newProxyInstance(MetadataStore.class.getClassLoader(), new Class<?>[] {MetadataStore.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("units")) return repo;
                    throw new UnsupportedOperationException(method.getName());
                });
    }

    private static Map<String, Object> change(Object... kv) {
        Map<String, Object> m = new HashMap<>();
        for (int i = 0; i < kv.length; i += 2) m.put((String) kv[i], kv[i + 1]);
        return m;
    }

    private void refused(Map<String, Object> change, String field) {
        assertThatThrownBy(() -> units.validated(change)).isInstanceOfSatisfying(FeedlineException.class, e -> {
            assertThat(e.kind()).isEqualTo(ErrorKind.INVALID);
            assertThat(e.fieldErrors()).containsKey(field);
        });
    }

    @Test
    void aZeroDivisorOrMultiplierIsRefused() {
        refused(change("division_factor", 0), "division_factor");
        refused(change("multiplication_factor", 0, "division_factor", 3), "multiplication_factor");
        refused(change("division_factor", 2.5), "division_factor");
    }

    @Test
    void decimalPlacesMustBeZeroToTen() {
        refused(change("decimal_places", -1), "decimal_places");
        refused(change("decimal_places", 11), "decimal_places");
        refused(change("decimal_places", 4_294_967_301L), "decimal_places"); // would wrap to 5 as an int
        assertThat(units.validated(change("decimal_places", 3)).decimalPlaces()).isEqualTo(3);
    }

    @Test
    void unitsMustExistGoTheRightWayAndBelongToTheVarType() {
        refused(change("var_type", "nope"), "var_type");
        refused(change("input_unit", "in--temp--nope"), "input_unit");
        refused(change("input_unit", "out--temp--celsius"), "input_unit");
        refused(change("var_type", "count", "input_unit", "in--temp--lm35"), "input_unit");
        refused(change("output_unit", "in--temp--lm35"), "output_unit");
        refused(change("var_type", 5), "var_type");
    }

    @Test
    void aUnitWithoutVarTypeBringsItsOwn() {
        UnitSettings s = units.validated(change("input_unit", "in--temp--lm35", "output_unit", "out--temp--celsius"));
        assertThat(s).isEqualTo(new UnitSettings("temp", "in--temp--lm35", "out--temp--celsius", null, null));
    }

    @Test
    void anIdentityMdoIsNoMdoAndNullClearsAField() {
        assertThat(units.validated(change("multiplication_factor", 1, "division_factor", 1, "offset", 0)).none()).isTrue();
        UnitSettings s = units.changed(new UnitSettings("temp", "in--temp--lm35", null, new Mdo(2, 1, 0), 1), change("input_unit", null, "offset", 1.5));
        assertThat(s).isEqualTo(new UnitSettings("temp", null, null, new Mdo(2, 1, 1.5), 1));
    }

    @Test
    void settingsBecomeAConversionWithTheOutputUnitsDecimalPlacesUnlessOwnAreSet() {
        ValueConversion c = units.conversion(new UnitSettings("temp", "in--temp--lm35", "out--temp--celsius", new Mdo(1, 2, 0), null));
        assertThat(c).isEqualTo(new ValueConversion(new Mdo(280, 4095, 273.15), new Mdo(1, 2, 0), new Mdo(1, 1, -273.15), 1));
        assertThat(units.conversion(new UnitSettings(null, null, "out--temp--celsius", null, 3)).decimalPlaces()).isEqualTo(3);
        assertThat(units.conversion(UnitSettings.NONE)).isSameAs(ValueConversion.NONE);
    }
}
