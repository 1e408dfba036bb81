package dev.feedline.core.auth;

import dev.feedline.model.Account;
import dev.feedline.model.Device;

/** Who is making a request: a user (by password/JWT or API key), a device (by its token), or nobody. */
public sealed interface Caller {
    record User(Account account) implements Caller {}

    record DeviceCaller(Device device) implements Caller {}

    record Anonymous() implements Caller {}

    Caller ANONYMOUS = new Anonymous();
}
