package io.petrel.broker.processor;

import io.petrel.common.DelayOffsetSerializeWrapper;
import io.petrel.remoting.Replies;
import io.petrel.remoting.RequestCode;
import io.petrel.remoting.RequestDispatcher;
import java.util.function.Supplier;

/**
 * GET_ALL_DELAY_OFFSET (docs/protocol.md §3.7): how far each delay level has been delivered, which
 * a slave copies every 10 s so it can take over the schedule. Read-only.
 */
public final class DelayOffsetProcessor {

    private final Supplier<DelayOffsetSerializeWrapper> offsets;

    public DelayOffsetProcessor(Supplier<DelayOffsetSerializeWrapper> offsets) {
        this.offsets = offsets;
    }

    public void registerWith(RequestDispatcher d) {
        d.register(RequestCode.GET_ALL_DELAY_OFFSET, (ch, req) -> Replies.ok(ch, req, offsets.get()));
    }
}
