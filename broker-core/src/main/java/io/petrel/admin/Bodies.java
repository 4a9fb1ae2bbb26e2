package io.petrel.admin;

import io.petrel.common.BodyException;
import io.petrel.common.FastjsonBodies;
import io.petrel.common.Json;
import io.petrel.remoting.RemotingCommand;

/** Decodes answer bodies, naming the peer when one does not parse. */
final class Bodies {

    private Bodies() {
    }

    static <T> T json(RemotingCommand response, Class<T> type, String peer) {
        try {
            return Json.read(response.bodyBytes(), type);
        } catch (BodyException e) {
            throw new AdminException(AdminException.Kind.BAD_RESPONSE, peer + " sent a " + e.getMessage());
        }
    }

    /** For bodies keyed by MessageQueue, which official peers write with object keys. */
    static <T> T mqKeyed(RemotingCommand response, Class<T> type, String peer) {
        try {
            return FastjsonBodies.read(response.bodyBytes(), type);
        } catch (BodyException e) {
            throw new AdminException(AdminException.Kind.BAD_RESPONSE, peer + " sent a " + e.getMessage());
        }
    }
}
