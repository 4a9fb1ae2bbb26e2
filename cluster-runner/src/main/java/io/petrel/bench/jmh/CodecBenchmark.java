package io.petrel.bench.jmh;

import io.petrel.remoting.RemotingCodec;
import io.petrel.remoting.RemotingCommand;
import io.petrel.remoting.RequestCode;
import io.petrel.remoting.SerializeType;
import io.petrel.remoting.header.SendHeaders.SendMessageRequestHeaderV2;
import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * One SEND_MESSAGE_V2 request with a 1 KiB body, the way a broker sees it: the producer's header
 * record encoded to ext fields and the frame, then the frame decoded and the header record read back.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class CodecBenchmark {

    @Param({"JSON", "ROCKETMQ"})
    public String serialization;

    private SendMessageRequestHeaderV2 header;
    private byte[] body;

    @Setup
    public void setUp() {
        header = new SendMessageRequestHeaderV2("PG_BENCH", "TopicBench", "TBW102", 4, 3, 0, 1_700_000_000_000L, 0,
                "KEYS\u0001order-123\u0002UNIQ_KEY\u00017F0000010D2718B4AAC2000000000000\u0002WAIT\u0001true\u0002TAGS\u0001TagA",
                0, false, null, false, "broker-a");
        body = new byte[1024];
    }

    @Benchmark
    public SendMessageRequestHeaderV2 encodeThenDecodeSendMessageV2() {
        RemotingCommand request = RemotingCommand.request(RequestCode.SEND_MESSAGE_V2, header)
                .serializeType(SerializeType.valueOf(serialization)).body(body).opaque(42);
        ByteBuffer frame = RemotingCodec.encode(request);
        return RemotingCodec.decode(frame).decodeHeader(SendMessageRequestHeaderV2.class);
    }
}
