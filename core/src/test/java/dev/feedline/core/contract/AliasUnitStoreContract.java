package dev.feedline.core.contract;

import static org.assertj.core.api.Assertions.assertThat;

import dev.feedline.core.port.MetadataStore;
import dev.feedline.core.port.PageRequest;
import dev.feedline.model.Account;
import dev.feedline.model.AliasTap;
import dev.feedline.model.Mdo;
import dev.feedline.model.Org;
import dev.feedline.model.Project;
import dev.feedline.model.Slugs;
import dev.feedline.model.Stream;
import dev.feedline.model.StreamAlias;
import dev.feedline.model.UnitSettings;
import dev.feedline.model.ValueType;
import dev.feedline.model.VarType;
import dev.feedline.model.Variable;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What every MetadataStore must do with stream aliases, taps, var types and unit settings (issue 16): the seeded
 * var types, and rows that go with what they belong to.
 */
public abstract class AliasUnitStoreContract {
    private static final Instant T0 = Instant.parse("2024-03-01T10:15:30Z");

    @TempDir
    protected Path tempDir;
    protected MetadataStore store;
    private Org org;
    private Project project;
    private Variable variable;
    private Stream first;
    private Stream second;

    protected abstract MetadataStore newStore(Path tempDir);

    protected abstract void closeStore(MetadataStore store);

    @BeforeEach
    void world() {
        store = newStore(tempDir);
        Account owner = store.accounts().create("ann@example.com", "ann", "Ann", "h", false, T0);
        org = store.orgs().create("acme", "Acme", null, owner.id(), T0);
        project = store.projects().create(org.id(), "plant", null, owner.id(), T0);
        variable = store.variables().create(project.id(), 0x5001, "temp", null, null, T0);
        first = stream(1);
        second = stream(2);
    }

    private Stream stream(long deviceId) {
        return store.streams().createIfAbsent(Slugs.stream(project.gid(), deviceId, variable.lid()), org.id(), project.id(), deviceId,
                variable.id(), null, ValueType.NUMERIC, T0);
    }

    @AfterEach
    void release() { closeStore(store); }

    @Test
    void varTypesAreSeededWithTheirUnits() {
        List<VarType> all = store.units().varTypes();
        assertThat(all).extracting(VarType::slug).contains("temp", "water-meter-volume", "pressure", "default");
        VarType temp = store.units().varType("temp").orElseThrow();
        assertThat(temp.storageUnitsFull()).isEqualTo("Kelvin");
        assertThat(temp.inputUnits().get(0).slug()).isEqualTo("in--temp--lm35");
        assertThat(temp.inputUnits().get(0).mdo()).isEqualTo(new Mdo(280, 4095, 273.15));
        assertThat(temp.outputUnits()).extracting(u -> u.slug()).containsExactly("out--temp--kelvin", "out--temp--celsius", "out--temp--fahrenheit");
        assertThat(temp.outputUnits().get(1).decimalPlaces()).isEqualTo(1);
        assertThat(store.units().varType("accelerometer-event").orElseThrow().decoder()).contains("<LLLL");
        assertThat(store.units().varType("nothing")).isEmpty();
    }

    @Test
    void aliasesAndTapsRoundTripAndGoWithTheirAliasStreamOrOrg() {
        StreamAlias alias = store.aliases().create(org.id(), "level", T0, null);
        assertThat(store.aliases().byId(alias.id())).contains(alias);
        assertThat(alias.slug()).isEqualTo(Slugs.alias(alias.id()));
        AliasTap late = store.aliases().createTap(alias.id(), 300, second.id(), T0, null);
        AliasTap early = store.aliases().createTap(alias.id(), 100, first.id(), T0, null);
        assertThat(store.aliases().tapsOf(alias.id())).containsExactly(early, late);
        assertThat(store.aliases().taps(List.of(alias.id()), PageRequest.ALL).total()).isEqualTo(2);

        store.aliases().updateTap(new AliasTap(late.id(), alias.id(), 50, second.id(), late.createdOn(), null));
        assertThat(store.aliases().tapsOf(alias.id())).extracting(AliasTap::timestampMicros).containsExactly(50L, 100L);
        StreamAlias spare = store.aliases().create(org.id(), "spare", T0, null);
        store.aliases().updateTap(new AliasTap(early.id(), spare.id(), 100, first.id(), early.createdOn(), null));
        assertThat(store.aliases().tapsOf(spare.id())).extracting(AliasTap::id).containsExactly(early.id());
        store.aliases().updateTap(new AliasTap(early.id(), alias.id(), 100, first.id(), early.createdOn(), null));
        store.aliases().delete(spare.id());
        store.aliases().rename(alias.id(), "tank");
        assertThat(store.aliases().list(List.of(org.id()), PageRequest.ALL).items()).extracting(StreamAlias::name).containsExactly("tank");

        store.streams().delete(second.id());
        assertThat(store.aliases().tapsOf(alias.id())).containsExactly(early);
        store.aliases().delete(alias.id());
        assertThat(store.aliases().tap(early.id())).isEmpty();

        StreamAlias other = store.aliases().create(org.id(), "other", T0, null);
        store.orgs().delete(org.id());
        assertThat(store.aliases().byId(other.id())).isEmpty();
    }

    @Test
    void unitSettingsRoundTripAndGoWithTheirVariableOrStream() {
        UnitSettings full = new UnitSettings("temp", "in--temp--lm35", "out--temp--celsius", new Mdo(3, 2, -1.5), 2);
        store.units().setForVariable(variable.id(), full);
        UnitSettings own = new UnitSettings(null, null, null, new Mdo(10, 1, 0), null);
        store.units().setForStream(first.id(), own);
        assertThat(store.units().ofVariables(List.of(variable.id()))).isEqualTo(Map.of(variable.id(), full));
        assertThat(store.units().ofStreams(List.of(first.id(), second.id()))).isEqualTo(Map.of(first.id(), own));

        UnitSettings noMdo = new UnitSettings("temp", null, null, null, null);
        store.units().setForVariable(variable.id(), noMdo);
        assertThat(store.units().ofVariables(List.of(variable.id())).get(variable.id())).isEqualTo(noMdo);
        store.units().setForStream(first.id(), UnitSettings.NONE);
        assertThat(store.units().ofStreams(List.of(first.id()))).isEmpty();

        store.units().setForStream(second.id(), own);
        store.streams().delete(second.id());
        assertThat(store.units().ofStreams(List.of(second.id()))).isEmpty();
        store.variables().delete(variable.id());
        assertThat(store.units().ofVariables(List.of(variable.id()))).isEmpty();
    }
}
