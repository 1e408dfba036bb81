package dev.feedline.store.jdbc;

import dev.feedline.core.port.ApiKeyRepository;
import dev.feedline.model.ApiKey;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

final class JdbcApiKeyRepository implements ApiKeyRepository {
    private static final String SELECT = "SELECT * FROM api_key";
    private final Jdbc jdbc;

    JdbcApiKeyRepository(Jdbc jdbc) { this.jdbc = jdbc; }

    @Override
    public ApiKey create(long accountId, String name, String prefix, String hash, Instant now) {
        long id = jdbc.insert("INSERT INTO api_key (account_id, name, prefix, hash, created_on) VALUES (?, ?, ?, ?, ?) RETURNING id",
                accountId, name, prefix, hash, now);
        return byId(id).orElseThrow();
    }

    @Override
    public Optional<ApiKey> byHash(String hash) { return jdbc.one(SELECT + " WHERE hash = ?", JdbcApiKeyRepository::map, hash); }

    @Override
    public Optional<ApiKey> byId(long id) { return jdbc.one(SELECT + " WHERE id = ?", JdbcApiKeyRepository::map, id); }

    @Override
    public List<ApiKey> byAccount(long accountId) {
        return jdbc.list(SELECT + " WHERE account_id = ? ORDER BY created_on DESC, id DESC", JdbcApiKeyRepository::map, accountId);
    }

    @Override
    public void revoke(long id, Instant now) { jdbc.update("UPDATE api_key SET revoked_on = ? WHERE id = ?", now, id); }

    @Override
    public void touch(long id, Instant lastUsed) { jdbc.update("UPDATE api_key SET last_used = ? WHERE id = ?", lastUsed, id); }

    private static ApiKey map(ResultSet rs) throws SQLException {
        return new ApiKey(rs.getLong("id"), rs.getLong("account_id"), rs.getString("name"), rs.getString("prefix"),
                rs.getString("hash"), Time.instant(rs, "created_on"), Time.instant(rs, "last_used"), Time.instant(rs, "revoked_on"));
    }
}
