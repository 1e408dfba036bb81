package dev.feedline.core.port;

import dev.feedline.model.ApiKey;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

public interface ApiKeyRepository {
    ApiKey create(long accountId, String name, String prefix, String hash, Instant now);

    Optional<ApiKey> byHash(String hash);

    Optional<ApiKey> byId(long id);

    /** Keys of the account, revoked ones included, newest first. */
    List<ApiKey> byAccount(long accountId);

    void revoke(long id, Instant now);

    void touch(long id, Instant lastUsed);
}
