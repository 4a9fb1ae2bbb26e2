package io.petrel.real.net;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.buffer.UnpooledDirectByteBuf;
import io.netty.channel.AdaptiveRecvByteBufAllocator;
import io.netty.channel.RecvByteBufAllocator;
import java.nio.ByteBuffer;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The read buffers of one byte-stream channel, and the Netty allocator that reads the socket straight
 * into them: the kernel copies each read into a buffer the node then gets a view of, with no copy in
 * between (a catching-up slave's IO thread spent as long copying Netty's pooled read buffer into one
 * of these as the kernel spent on the socket; issue 16).
 *
 * <p>Each socket read gets a whole {@value #BYTES}-byte buffer ({@link Read}); it goes back here when
 * its last reference is released: by Netty when the read returned nothing, or by the connection
 * once the node's handler returned. At most {@value #FREE_MAX} free buffers are kept. A read posted
 * to a loop that stops is never released and goes to the garbage collector with its buffer; these
 * buffers are not Netty's pooled ones, so nothing leaks from a pool.
 *
 * <p>Threads: buffers are taken on the channel's IO thread and returned from the IO thread or the
 * node's loop.
 */
final class StreamReadBuffers {

    /** The most one socket read asks for, and so the largest piece one post to the loop carries. */
    static final int BYTES = 256 * 1024;
    static final int FREE_MAX = 32;

    private final ConcurrentLinkedQueue<ByteBuffer> free = new ConcurrentLinkedQueue<>();
    private final AtomicInteger freeCount = new AtomicInteger();
    private final AtomicInteger allocated = new AtomicInteger();

    /** The channel's read allocator: Netty's adaptive one for when to read on, these buffers to read into. */
    RecvByteBufAllocator allocator() {
        return new AdaptiveRecvByteBufAllocator(64, 2048, BYTES) {
            @Override
            public Handle newHandle() {
                return new DelegatingHandle(super.newHandle()) {
                    @Override
                    public ByteBuf allocate(ByteBufAllocator ignored) {
                        return new Read(take());
                    }
                };
            }
        };
    }

    /** Direct buffers allocated so far (not taken from the free list); for tests. */
    int allocated() {
        return allocated.get();
    }

    private ByteBuffer take() {
        ByteBuffer buffer = free.poll();
        if (buffer == null) {
            allocated.incrementAndGet();
            return ByteBuffer.allocateDirect(BYTES);
        }
        freeCount.decrementAndGet();
        return buffer;
    }

    private void giveBack(ByteBuffer buffer) {
        if (freeCount.incrementAndGet() <= FREE_MAX) {
            free.offer(buffer.clear());
        } else {
            freeCount.decrementAndGet();
        }
    }

    /**
     * One socket read's buffer: a Netty buffer over one of ours (empty when handed out), which returns
     * it to the free list when released for the last time.
     */
    final class Read extends UnpooledDirectByteBuf {

        private final ByteBuffer buffer;

        Read(ByteBuffer buffer) {
            super(UnpooledByteBufAllocator.DEFAULT, buffer, BYTES);
            this.buffer = buffer;
            clear();
        }

        @Override
        protected void deallocate() {
            super.deallocate();
            giveBack(buffer);
        }
    }
}
