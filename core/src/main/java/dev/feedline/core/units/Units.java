package dev.feedline.core.units;

import dev.feedline.core.access.Lookup;
import dev.feedline.core.auth.Caller;
import dev.feedline.core.error.FeedlineException;
import dev.feedline.core.port.MetadataStore;
import dev.feedline.core.stream.StreamService;
import dev.feedline.model.Mdo;
import dev.feedline.model.Role;
import dev.feedline.model.Stream;
import dev.feedline.model.UnitSettings;
import dev.feedline.model.VarType;
import dev.feedline.model.VarTypeUnit;
import dev.feedline.model.Variable;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Var types and the units of variables and streams. Readings are stored as they came (a report's raw integer is
 * both int_value and value); a stream's units are applied when data is read ({@link #conversions}), so changing a
 * variable's unit changes how its whole history reads, and nothing stored is ever rewritten.
 */
public final class Units {
    public static final int MAX_DECIMAL_PLACES = 10;
    /** The fields a unit change may name. */
    public static final Set<String> FIELDS = Set.of("var_type", "input_unit", "output_unit", "multiplication_factor",
            "division_factor", "offset", "decimal_places");
    private final MetadataStore store;
    private final Lookup lookup;
    private final StreamService streams;
    private volatile Map<String, VarTypeUnit> unitsBySlug;
    /** Conversions for the live paths (one lookup per delivered point), forgotten whenever units change anywhere. */
    private final Map<Long, ValueConversion> remembered = new java.util.concurrent.ConcurrentHashMap<>();
    private final java.util.concurrent.atomic.AtomicLong generation = new java.util.concurrent.atomic.AtomicLong();
    private volatile Map<String, String> varTypeOfUnit;

    public Units(MetadataStore store, Lookup lookup, StreamService streams) {
        this.store = store;
        this.lookup = lookup;
        this.streams = streams;
    }

    /** Var types are the same for everyone (seeded, read-only); reading them needs a signed-in caller only. */
    public List<VarType> varTypes(Caller caller) {
        requireSignedIn(caller);
        return store.units().varTypes();
    }

    public VarType varType(Caller caller, String slug) {
        requireSignedIn(caller);
        return store.units().varType(slug == null ? "" : slug).orElseThrow(() -> FeedlineException.notFound("var type"));
    }

    private static void requireSignedIn(Caller caller) {
        if (caller instanceof Caller.Anonymous) throw FeedlineException.unauthenticated("authentication credentials were not provided");
    }

    /** A unit by slug (in--… or out--…), from the seeded set held in memory. */
    public VarTypeUnit unit(String slug) { return slug == null ? null : units().get(slug); }

    private Map<String, VarTypeUnit> units() {
        Map<String, VarTypeUnit> known = unitsBySlug;
        if (known != null) return known;
        Map<String, VarTypeUnit> bySlug = new HashMap<>();
        Map<String, String> typeOf = new HashMap<>();
        for (VarType t : store.units().varTypes()) {
            for (VarTypeUnit u : t.inputUnits()) { bySlug.put(u.slug(), u); typeOf.put(u.slug(), t.slug()); }
            for (VarTypeUnit u : t.outputUnits()) { bySlug.put(u.slug(), u); typeOf.put(u.slug(), t.slug()); }
        }
        varTypeOfUnit = typeOf;
        unitsBySlug = bySlug;
        return bySlug;
    }

    public UnitSettings ofVariable(Variable v) { return store.units().ofVariables(List.of(v.id())).getOrDefault(v.id(), UnitSettings.NONE); }

    /** The stream's own settings (its overrides only). */
    public UnitSettings ofStream(Stream s) { return store.units().ofStreams(List.of(s.id())).getOrDefault(s.id(), UnitSettings.NONE); }

    /** The settings of each variable (NONE where it has none), in one query: for lists. */
    public Map<Long, UnitSettings> ofVariables(Collection<Variable> variables) {
        Map<Long, UnitSettings> found = store.units().ofVariables(variables.stream().map(Variable::id).toList());
        Map<Long, UnitSettings> out = new HashMap<>();
        variables.forEach(v -> out.put(v.id(), found.getOrDefault(v.id(), UnitSettings.NONE)));
        return out;
    }

    /** A stream's own settings and those that apply to it (its own over its variable's). */
    public record StreamUnits(UnitSettings own, UnitSettings effective) {}

    /** Own and effective settings of each stream, in two queries whatever their number: for lists. */
    public Map<Long, StreamUnits> ofStreams(Collection<Stream> of) {
        Map<Long, StreamUnits> out = new HashMap<>();
        if (of.isEmpty()) return out;
        Map<Long, UnitSettings> byVariable = store.units().ofVariables(of.stream().map(Stream::variableId).distinct().toList());
        Map<Long, UnitSettings> byStream = store.units().ofStreams(of.stream().map(Stream::id).toList());
        for (Stream s : of) {
            UnitSettings own = byStream.getOrDefault(s.id(), UnitSettings.NONE);
            out.put(s.id(), new StreamUnits(own, own.over(byVariable.getOrDefault(s.variableId(), UnitSettings.NONE))));
        }
        return out;
    }

    /** How each stream's points read; streams without units map to {@link ValueConversion#NONE}. Two queries for any number. */
    public Map<Long, ValueConversion> conversions(Collection<Stream> of) {
        Map<Long, ValueConversion> out = new HashMap<>();
        ofStreams(of).forEach((id, u) -> out.put(id, conversion(u.effective())));
        return out;
    }

    ValueConversion conversion(UnitSettings e) {
        if (e.none()) return ValueConversion.NONE;
        VarTypeUnit in = unit(e.inputUnit());
        VarTypeUnit outUnit = unit(e.outputUnit());
        Integer places = e.decimalPlaces() != null ? e.decimalPlaces() : outUnit == null ? null : outUnit.decimalPlaces();
        return new ValueConversion(in == null ? null : in.mdo(), e.mdo(), outUnit == null ? null : outUnit.mdo(), places);
    }

    /**
     * The stream's conversion, remembered: for paths that convert every committed point (the live WebSocket). A
     * change of units here forgets them all and publishes StreamsChanged, on which every node calls {@link #changed}.
     */
    public ValueConversion conversion(Stream s) {
        ValueConversion known = remembered.get(s.id());
        if (known != null) return known;
        long before = generation.get();
        ValueConversion loaded = conversions(List.of(s)).get(s.id());
        if (remembered.size() > 100_000) remembered.clear();
        // Not remembered when units changed while it was read: it may be the old one.
        if (generation.get() == before) remembered.put(s.id(), loaded);
        return loaded;
    }

    /** Streams or units changed (here or on another node): remembered conversions may be stale. */
    public void changed(dev.feedline.core.events.DomainEvent.StreamsChanged event) { forget(); }

    private void forget() {
        generation.incrementAndGet();
        remembered.clear();
    }

    /** Changes the variable's units (the fields named in change; a null value clears one). Needs admin, as editing the variable does. */
    public UnitSettings setForVariable(Caller caller, String variableSlug, Map<String, Object> change) {
        Variable v = lookup.variable(caller, variableSlug, Role.ADMIN);
        UnitSettings updated = checkForVariable(caller, variableSlug, change);
        store.units().setForVariable(v.id(), updated);
        forget();
        streams.evictAll();
        return updated;
    }

    /** What setForVariable would store, checked (INVALID, FORBIDDEN, NOT_FOUND) but not stored: for a request that also changes other fields. */
    public UnitSettings checkForVariable(Caller caller, String variableSlug, Map<String, Object> change) {
        return changed(ofVariable(lookup.variable(caller, variableSlug, Role.ADMIN)), change);
    }

    public UnitSettings checkForStream(Caller caller, String streamSlug, Map<String, Object> change) {
        return changed(ofStream(lookup.stream(caller, streamSlug, Role.ADMIN)), change);
    }

    public UnitSettings setForStream(Caller caller, String streamSlug, Map<String, Object> change) {
        Stream s = lookup.stream(caller, streamSlug, Role.ADMIN);
        UnitSettings updated = checkForStream(caller, streamSlug, change);
        store.units().setForStream(s.id(), updated);
        forget();
        streams.evictAll(); // publishes StreamsChanged: other nodes forget their conversions too
        return updated;
    }

    /** Checks a change for a variable or stream that has no units yet (before creating it): INVALID when a field is wrong. */
    public UnitSettings validated(Map<String, Object> change) { return changed(UnitSettings.NONE, change); }

    /** Applies a change to current settings, validating every field: INVALID and nothing changed when one is wrong. */
    UnitSettings changed(UnitSettings current, Map<String, Object> change) {
        for (String f : change.keySet()) if (!FIELDS.contains(f)) throw FeedlineException.invalidField(f, "not a unit field");
        String varType = change.containsKey("var_type") ? slug("var_type", change.get("var_type")) : current.varType();
        String input = change.containsKey("input_unit") ? slug("input_unit", change.get("input_unit")) : current.inputUnit();
        String output = change.containsKey("output_unit") ? slug("output_unit", change.get("output_unit")) : current.outputUnit();
        Mdo mdo = current.mdo();
        if (change.containsKey("multiplication_factor") || change.containsKey("division_factor") || change.containsKey("offset")) {
            Mdo base = mdo == null ? Mdo.IDENTITY : mdo;
            long m = change.containsKey("multiplication_factor") ? integer("multiplication_factor", change.get("multiplication_factor"), 1) : base.m();
            long d = change.containsKey("division_factor") ? integer("division_factor", change.get("division_factor"), 1) : base.d();
            double o = change.containsKey("offset") ? number("offset", change.get("offset")) : base.o();
            if (m == 0) throw FeedlineException.invalidField("multiplication_factor", "must not be 0");
            if (d == 0) throw FeedlineException.invalidField("division_factor", "must not be 0 (value = raw × m ÷ d + o)");
            if (!Double.isFinite(o)) throw FeedlineException.invalidField("offset", "must be a finite number");
            Mdo next = new Mdo(m, d, o);
            mdo = next.identity() ? null : next;
        }
        Integer places = current.decimalPlaces();
        if (change.containsKey("decimal_places")) {
            Object p = change.get("decimal_places");
            Long asked = p == null ? null : integer("decimal_places", p, 0);
            if (asked != null && (asked < 0 || asked > MAX_DECIMAL_PLACES)) {
                throw FeedlineException.invalidField("decimal_places", "must be between 0 and " + MAX_DECIMAL_PLACES);
            }
            places = asked == null ? null : asked.intValue();
        }
        if (varType != null && store.units().varType(varType).isEmpty()) throw FeedlineException.invalidField("var_type", "no var type " + varType);
        varType = checkedUnit("input_unit", input, "in--", varType);
        varType = checkedUnit("output_unit", output, "out--", varType);
        return new UnitSettings(varType, input, output, mdo, places);
    }

    /** The unit must exist, go the right way and belong to the var type; with no var type yet, the unit's becomes it. */
    private String checkedUnit(String field, String slug, String prefix, String varType) {
        if (slug == null) return varType;
        VarTypeUnit u = unit(slug);
        if (u == null || !slug.startsWith(prefix)) throw FeedlineException.invalidField(field, "no " + (prefix.equals("in--") ? "input" : "output") + " unit " + slug);
        String owner = varTypeOfUnit.get(slug);
        if (varType != null && !varType.equals(owner)) throw FeedlineException.invalidField(field, slug + " is not a unit of var type " + varType);
        return owner;
    }

    private static String slug(String field, Object v) {
        if (v == null || v instanceof String) return (String) v;
        throw FeedlineException.invalidField(field, "must be a slug (a string) or null");
    }

    private static long integer(String field, Object v, long ifNull) {
        if (v == null) return ifNull;
        if (v instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue()) && Math.abs(n.doubleValue()) < 1e15) return n.longValue();
        throw FeedlineException.invalidField(field, "must be a whole number");
    }

    private static double number(String field, Object v) {
        if (v == null) return 0.0;
        if (v instanceof Number n) return n.doubleValue();
        throw FeedlineException.invalidField(field, "must be a number");
    }
}
