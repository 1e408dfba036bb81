package dev.feedline.store.jdbc;

import dev.feedline.core.port.UnitRepository;
import dev.feedline.model.Mdo;
import dev.feedline.model.UnitSettings;
import dev.feedline.model.VarType;
import dev.feedline.model.VarTypeUnit;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Var types (seeded by migration V20, never written here) and the unit settings of variables and streams. */
final class JdbcUnitRepository implements UnitRepository {
    private final Jdbc jdbc;

    JdbcUnitRepository(Jdbc jdbc) { this.jdbc = jdbc; }

    @Override
    public List<VarType> varTypes() { return load(null); }

    @Override
    public Optional<VarType> varType(String slug) { return load(slug).stream().findFirst(); }

    /** One var type (slug) or all (null), each with its units, in two statements. */
    private List<VarType> load(String slug) {
        String where = slug == null ? "" : " WHERE var_type = ?";
        Object[] params = slug == null ? new Object[0] : new Object[] {slug};
        Map<String, List<VarTypeUnit>> in = new HashMap<>();
        Map<String, List<VarTypeUnit>> out = new HashMap<>();
        jdbc.list("SELECT * FROM var_type_unit" + where + " ORDER BY var_type, direction, position", rs -> {
            Map<String, List<VarTypeUnit>> side = "in".equals(rs.getString("direction")) ? in : out;
            side.computeIfAbsent(rs.getString("var_type"), k -> new ArrayList<>()).add(unit(rs));
            return null;
        }, params);
        return jdbc.list("SELECT * FROM var_type" + (slug == null ? "" : " WHERE slug = ?") + " ORDER BY slug", rs -> {
            String s = rs.getString("slug");
            return new VarType(s, rs.getString("name"), rs.getString("storage_units_full"), rs.getString("stream_data_type"),
                    rs.getString("decoder"), in.getOrDefault(s, List.of()), out.getOrDefault(s, List.of()));
        }, params);
    }

    private static VarTypeUnit unit(ResultSet rs) throws SQLException {
        Integer places = Rows.nullableInt(rs, "decimal_places");
        return new VarTypeUnit(rs.getString("slug"), rs.getString("unit_full"), rs.getString("unit_short"),
                new Mdo(rs.getLong("m"), rs.getLong("d"), rs.getDouble("o")), places, rs.getString("derived_units"));
    }

    @Override
    public Map<Long, UnitSettings> ofVariables(Collection<Long> variableIds) { return settings("variable_units", "variable_id", variableIds); }

    @Override
    public Map<Long, UnitSettings> ofStreams(Collection<Long> streamIds) { return settings("stream_units", "stream_id", streamIds); }

    private Map<Long, UnitSettings> settings(String table, String key, Collection<Long> ids) {
        Map<Long, UnitSettings> out = new LinkedHashMap<>();
        if (ids.isEmpty()) return out;
        List<Long> all = new ArrayList<>(ids);
        for (int from = 0; from < all.size(); from += 1000) {
            List<Long> chunk = all.subList(from, Math.min(all.size(), from + 1000));
            jdbc.list("SELECT * FROM " + table + " WHERE " + key + " IN (" + Jdbc.placeholders(chunk.size()) + ")", rs -> {
                out.put(rs.getLong(key), settings(rs));
                return null;
            }, chunk.toArray());
        }
        return out;
    }

    private static UnitSettings settings(ResultSet rs) throws SQLException {
        Long m = Rows.nullableLong(rs, "m");
        Long d = Rows.nullableLong(rs, "d");
        Double o = Rows.nullableDouble(rs, "o");
        Mdo mdo = m == null && d == null && o == null ? null : new Mdo(m == null ? 1 : m, d == null ? 1 : d, o == null ? 0.0 : o);
        Integer places = Rows.nullableInt(rs, "decimal_places");
        return new UnitSettings(rs.getString("var_type"), rs.getString("input_unit"), rs.getString("output_unit"), mdo, places);
    }

    @Override
    public void setForVariable(long variableId, UnitSettings s) { set("variable_units", "variable_id", variableId, s); }

    @Override
    public void setForStream(long streamId, UnitSettings s) { set("stream_units", "stream_id", streamId, s); }

    /** Delete then insert, in one transaction (the caller's, or its own). */
    private void set(String table, String key, long id, UnitSettings s) {
        jdbc.inTransaction(() -> {
            jdbc.update("DELETE FROM " + table + " WHERE " + key + " = ?", id);
            if (!s.none()) {
                Mdo m = s.mdo();
                jdbc.update("INSERT INTO " + table + " (" + key + ", var_type, input_unit, output_unit, m, d, o, decimal_places)"
                                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?)", id, s.varType(), s.inputUnit(), s.outputUnit(),
                        m == null ? null : m.m(), m == null ? null : m.d(), m == null ? null : m.o(), s.decimalPlaces());
            }
            return null;
        });
    }
}
