package dev.feedline.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.feedline.model.Invitation;
import dev.feedline.model.Role;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The migration that makes an invitation's email optional (shareable links) keeps the invitations of a
 * database made before it, bound to their emails, on both engines (SQLite rebuilds the table).
 */
class InvitationMigrationTest {
    @TempDir
    Path tempDir;

    @ParameterizedTest
    @ValueSource(strings = {"sqlite", "postgresql"})
    void invitationsMadeBeforeKeepTheirEmailAndLinksHaveNone(String engine) throws SQLException {
        String url = engine.equals("postgresql") ? EmbeddedPostgresServer.newDatabase() : "jdbc:sqlite:" + tempDir.resolve("i.db");
        Flyway.configure().dataSource(url, null, null).locations("classpath:db/migration/" + engine).target("8").load().migrate();
        try (Connection c = DriverManager.getConnection(url); Statement st = c.createStatement()) {
            st.execute("INSERT INTO account (id, email, username, staff, active, created_at, updated_at) VALUES (1, 'ann@example.com', 'ann', 0, 1, 0, 0)");
            st.execute("INSERT INTO org (id, uuid, slug, name, created_by, created_on) VALUES (1, '6f1c1ab0-0000-4000-8000-000000000001', 'acme', 'Acme', 1, 0)");
            st.execute("INSERT INTO invitation (id, org_id, email, role, token_hash, invited_by, created_on, expires_on)"
                    + " VALUES (7, 1, 'bob@example.com', 'MEMBER', 'old-hash', 1, 0, 1000000)");
        }

        try (JdbcStorage storage = JdbcStorage.open(url, null, null, 1)) {
            var orgs = storage.metadata().orgs();
            Invitation old = orgs.invitationByTokenHash("old-hash").orElseThrow();
            assertThat(old.id()).isEqualTo(7);
            assertThat(old.email()).isEqualTo("bob@example.com");
            assertThat(old.shareable()).isFalse();
            assertThat(old.expiresOn()).isEqualTo(Instant.ofEpochSecond(1));
            Invitation link = orgs.createInvitation(1, null, Role.VIEWER, "link-hash", 1, Instant.EPOCH, Instant.ofEpochSecond(60));
            // SQLite's rebuilt table goes on counting after the copied ids (the test's explicit id does not move a PostgreSQL identity)
            if (engine.equals("sqlite")) assertThat(link.id()).isGreaterThan(7);
            assertThat(link.shareable()).isTrue();
            assertThat(orgs.invitations(1)).extracting(Invitation::id).containsExactlyInAnyOrder(7L, link.id());
            // deleting the org still takes its invitations with it (the rebuilt table kept its foreign key)
            orgs.delete(1);
            assertThat(orgs.invitation(7)).isEmpty();
        }
    }
}
