package dev.feedline.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every table of the schema is either in an org's export or left out with a reason: a new table must choose. */
class OrgTablesTest {
    @TempDir Path tmp;

    @Test
    void everyTableIsExportedOrLeftOutOnPurpose() throws SQLException {
        Set<String> tables = new TreeSet<>();
        try (JdbcStorage storage = JdbcStorage.open("jdbc:sqlite:" + tmp.resolve("t.db"), null, null, 1);
             Connection c = storage.dataSource().getConnection(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
                     + " AND name NOT LIKE 'search_index_%'")) {
            while (rs.next()) tables.add(rs.getString(1));
        }
        Set<String> exported = OrgTables.all().stream().map(OrgTables.Table::name).collect(Collectors.toSet());
        exported.add(OrgTables.POINTS);
        Set<String> undecided = new TreeSet<>(tables);
        undecided.removeAll(exported);
        undecided.removeAll(OrgTables.NOT_EXPORTED.keySet());
        assertThat(undecided).as("tables neither in OrgTables nor in OrgTables.NOT_EXPORTED").isEmpty();
        assertThat(exported).allMatch(t -> tables.contains(t), "exported tables exist");
    }
}
