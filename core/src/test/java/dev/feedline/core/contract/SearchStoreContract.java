package dev.feedline.core.contract;

import static org.assertj.core.api.Assertions.assertThat;

import dev.feedline.core.port.MetadataStore;
import dev.feedline.core.port.PageRequest;
import dev.feedline.core.port.SearchIndex;
import dev.feedline.model.Account;
import dev.feedline.model.Device;
import dev.feedline.model.Fleet;
import dev.feedline.model.Org;
import dev.feedline.model.Project;
import dev.feedline.model.Slugs;
import dev.feedline.model.Stream;
import dev.feedline.model.ValueType;
import dev.feedline.model.Variable;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What every MetadataStore's search index must do (issue 17): find each kind by its text, follow changes in the same
 * transaction, rank title matches first, keep to the orgs asked for, and take any text as plain words.
 */
public abstract class SearchStoreContract {
    private static final Instant T0 = Instant.parse("2024-03-01T10:15:30Z");

    @TempDir
    protected Path tempDir;
    protected MetadataStore store;
    private Account owner;
    private Org acme;
    private Org other;
    private Project project;

    protected abstract MetadataStore newStore(Path tempDir);

    protected abstract void closeStore(MetadataStore store);

    @BeforeEach
    void world() {
        store = newStore(tempDir);
        owner = store.accounts().create("ann@example.com", "ann", "Ann", "h", false, T0);
        acme = store.orgs().create("acme", "Acme", null, owner.id(), T0);
        other = store.orgs().create("other", "Other", null, owner.id(), T0);
        project = store.projects().create(acme.id(), "Greenhouse north", "tomatoes and basil", owner.id(), T0);
    }

    @AfterEach
    void release() { closeStore(store); }

    private List<SearchIndex.Hit> find(String... terms) { return find(List.of(acme.id()), List.of(), terms); }

    private List<SearchIndex.Hit> find(List<Long> orgs, List<String> kinds, String... terms) {
        return store.search().search(Arrays.asList(terms), orgs, kinds, new PageRequest(0, 50)).items();
    }

    private static List<String> refs(List<SearchIndex.Hit> hits) { return hits.stream().map(h -> h.kind() + ":" + h.slug()).toList(); }

    @Test
    void everyKindIsFoundByItsText() {
        Device pump = store.devices().create(acme.id(), "Irrigation pump", "tb-7731", null, T0);
        Variable moisture = store.variables().create(project.id(), 0x5001, "soil moisture", "percent", null, T0);
        Stream s = store.streams().createIfAbsent(Slugs.stream(project.gid(), pump.id(), moisture.lid()), acme.id(), project.id(), pump.id(),
                moisture.id(), null, ValueType.NUMERIC, T0);
        store.streams().update(new Stream(s.id(), s.slug(), s.orgId(), s.projectId(), s.deviceId(), s.variableId(), "bed three humidity",
                s.valueType(), s.enabled(), s.createdOn()));
        Fleet fleet = store.fleets().create(acme.id(), "Pilot sites", "first wave of rollouts", false, T0, owner.id());
        store.properties().upsert(acme.id(), pump.slug(), "serial", "str", "SN-44-ALPHA", false);
        store.notes().create(acme.id(), pump.slug(), T0, "replaced the gasket after a leak", "ui", owner.id(), T0);

        assertThat(refs(find("irrigation"))).containsExactly("device:" + pump.slug());
        assertThat(refs(find("tb-7731"))).containsExactly("device:" + pump.slug());
        assertThat(refs(find("greenhouse"))).containsExactly("project:" + project.slug());
        assertThat(refs(find("basil"))).containsExactly("project:" + project.slug());
        assertThat(refs(find("moisture"))).containsExactly("variable:" + Slugs.variable(project.gid(), 0x5001));
        assertThat(refs(find("humidity"))).containsExactly("stream:" + s.slug());
        assertThat(refs(find("rollouts"))).containsExactly("fleet:" + fleet.slug());
        assertThat(refs(find("sn-44-alpha"))).containsExactly("property:" + pump.slug());
        assertThat(refs(find("gasket"))).containsExactly("note:" + pump.slug());
        assertThat(find("serial")).singleElement().satisfies(h -> assertThat(h.body()).isEqualTo("SN-44-ALPHA"));
    }

    @Test
    void slugsAreFoundWholeAndByPrefixAndTheirLastGroup() {
        Device d = store.devices().create(acme.id(), "boiler", null, null, T0);
        Fleet g = store.fleets().create(acme.id(), "north", "", false, T0, owner.id());

        assertThat(refs(find(d.slug()))).contains("device:" + d.slug());
        assertThat(refs(find(d.slug().substring(0, d.slug().length() - 1)))).contains("device:" + d.slug());
        assertThat(refs(find(d.slug().toUpperCase()))).contains("device:" + d.slug());
        assertThat(refs(find(project.slug()))).containsExactly("project:" + project.slug());
        assertThat(refs(find(g.slug()))).containsExactly("fleet:" + g.slug());
        assertThat(refs(find(List.of(acme.id()), List.of("device"), d.slug().substring(d.slug().length() - 4)))).containsExactly("device:" + d.slug());
    }

    @Test
    void theLastWordIsAPrefixAndEveryWordMustMatch() {
        Device a = store.devices().create(acme.id(), "temperature probe west", null, null, T0);
        store.devices().create(acme.id(), "temperature probe east", null, null, T0);

        assertThat(find("temp")).hasSize(2);
        assertThat(refs(find("probe", "we"))).containsExactly("device:" + a.slug());
        assertThat(find("west", "nothing")).isEmpty();
        assertThat(find("tem", "west")).as("only the last word is a prefix").isEmpty();
    }

    @Test
    void changesAreFollowedInTheSameTransaction() {
        Device d = store.devices().create(acme.id(), "old name", null, null, T0);
        store.devices().update(d.withLabel("shiny new name"));
        assertThat(find("old")).isEmpty();
        assertThat(refs(find("shiny"))).containsExactly("device:" + d.slug());

        Variable v = store.variables().create(project.id(), 0x5002, "pressure", null, null, T0);
        store.variables().update(new Variable(v.id(), v.projectId(), v.lid(), "flow", v.units(), v.about(), v.createdOn()));
        assertThat(find("pressure")).isEmpty();
        assertThat(find("flow")).hasSize(1);
        store.variables().delete(v.id());
        assertThat(find("flow")).isEmpty();

        store.properties().upsert(acme.id(), d.slug(), "colour", "str", "crimson", false);
        store.properties().upsert(acme.id(), d.slug(), "colour", "str", "teal", false);
        assertThat(find("crimson")).isEmpty();
        assertThat(find("teal")).hasSize(1);

        store.notes().create(acme.id(), d.slug(), T0, "calibrated", "ui", owner.id(), T0);
        store.devices().delete(d.id());
        assertThat(find("shiny")).isEmpty();

        store.projects().update(new Project(project.id(), project.uuid(), project.gid(), project.orgId(), "Orchard", project.about(), project.createdBy(),
                project.createdOn()));
        assertThat(find("greenhouse")).isEmpty();
        assertThat(find("orchard")).hasSize(1);

        // A transaction that fails leaves the index as it was.
        try {
            store.inTransaction(() -> {
                store.devices().create(acme.id(), "ghost", null, null, T0);
                throw new IllegalStateException("rolled back");
            });
        } catch (IllegalStateException expected) {
            // the point of the test
        }
        assertThat(find("ghost")).isEmpty();

        store.orgs().delete(acme.id());
        assertThat(find("orchard")).isEmpty();
        assertThat(find("teal")).isEmpty();
    }

    @Test
    void aTitleMatchRanksAboveABodyMatch() {
        Device body = store.devices().create(acme.id(), "boiler", null, null, T0);
        store.properties().upsert(acme.id(), body.slug(), "note", "str", "feeds the pump house", false);
        Device title = store.devices().create(acme.id(), "pump", null, null, T0);

        assertThat(refs(find("pump"))).containsExactly("device:" + title.slug(), "property:" + body.slug());
    }

    @Test
    void anotherOrgsObjectsAreNeverFound() {
        store.devices().create(other.id(), "secret valve", null, null, T0);
        Device mine = store.devices().create(acme.id(), "public valve", null, null, T0);

        assertThat(refs(find("valve"))).containsExactly("device:" + mine.slug());
        assertThat(find(List.of(), List.of(), "valve")).isEmpty();
        assertThat(find(List.of(acme.id(), other.id()), List.of(), "valve")).hasSize(2);
        assertThat(find(List.of(acme.id()), List.of("fleet"), "valve")).isEmpty();
    }

    @Test
    void anyTextIsPlainWordsNeverSyntax() {
        Device d = store.devices().create(acme.id(), "Zürich \"quoted\" OR NEAR(thing) * café", null, null, T0);

        for (String weird : List.of("\"", "\"quoted", "OR", "NEAR(", "thing)", "*", "café", "zürich", "a\"b", "'", "\\", "x:*", "!(a|b)",
                "-col:", "{title}", "^start", "%", "AND", "NOT")) {
            assertThat(find(List.of(acme.id()), List.of("device"), weird)).as(weird).allSatisfy(h -> assertThat(h.slug()).isEqualTo(d.slug()));
        }
        assertThat(refs(find("near(", "or"))).containsExactly("device:" + d.slug());
        assertThat(find("x".repeat(5000))).isEmpty();
        assertThat(find("日本語")).isEmpty();
    }
}
