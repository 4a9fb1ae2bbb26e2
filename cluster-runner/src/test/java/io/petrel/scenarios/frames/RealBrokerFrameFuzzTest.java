package io.petrel.scenarios.frames;

import static org.assertj.core.api.Assertions.assertThat;

import io.petrel.compat.RealCluster;
import io.petrel.env.SplitMix64;
import io.petrel.remoting.RemotingCodec;
import io.petrel.remoting.RemotingCodecException;
import io.petrel.remoting.RemotingCommand;
import io.petrel.remoting.RequestCode;
import io.petrel.remoting.ResponseCode;
import io.petrel.remoting.header.AdminHeaders.CreateTopicRequestHeader;
import io.petrel.remoting.header.ConsumerHeaders.GetMaxOffsetRequestHeader;
import io.petrel.remoting.header.SendHeaders.SendMessageRequestHeaderV2;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The frame fuzzer against a real broker on loopback (issue 23): the same seeded frames as in the
 * simulator, written on a TCP socket to Netty's framing, which only a real node exercises. A short
 * run: the broker stays up, answers a well-formed send afterwards, and every refusal of a request
 * that still decodes carries a remark, never an exception's text, naming the field that was missing
 * or malformed. Frames that break the framing are not matched by opaque; a read-only request after
 * each unanswered frame (or the broker closing the connection) shows the frame was dealt with. The
 * suite sends 400 frames; the system properties above make it a long run.
 */
class RealBrokerFrameFuzzTest {

    /** {@code -Dpetrel.realFrames.seed=S -Dpetrel.realFrames=N} for a long run on demand (README). */
    private static final long SEED = Long.getLong("petrel.realFrames.seed", 2323);
    private static final int FRAMES = Integer.getInteger("petrel.realFrames", 400);
    private static final int ANSWER_WAIT_MS = 500;
    private static final int BARRIER_WAIT_MS = 10_000;
    /** Answers that are not refusals (as in FrameFuzzRun). */
    private static final Set<Integer> NORMAL_ANSWERS = new TreeSet<>(List.of(ResponseCode.SUCCESS,
            ResponseCode.PULL_NOT_FOUND, ResponseCode.PULL_RETRY_IMMEDIATELY, ResponseCode.PULL_OFFSET_MOVED,
            ResponseCode.QUERY_NOT_FOUND, ResponseCode.FLUSH_DISK_TIMEOUT, ResponseCode.FLUSH_SLAVE_TIMEOUT,
            ResponseCode.SLAVE_NOT_AVAILABLE));
    private static final Pattern EXCEPTION_TEXT = Pattern.compile(
            "(^|\\W)(java|javax|io\\.petrel|com\\.fasterxml)\\.[\\w.$]*(Exception|Error)\\b");

    private final List<String> violations = new ArrayList<>();
    private Socket socket;
    private DataInputStream in;
    private OutputStream out;
    private int barrierOpaque = 500_000_000;
    private int closes;

    @Test
    void aRealBrokerSurvivesHostileFramesOnLoopback(@TempDir Path dir) throws IOException {
        try (RealCluster cluster = new RealCluster(dir).addBroker("broker-a", Map.of())) {
            String addr = cluster.brokerAddr("broker-a");
            FrameMutator mutator = new FrameMutator(new SplitMix64(SEED), RequestShapes.broker(),
                    new FramePools("broker-a", addr));
            connect(addr);
            assertThat(call(addr, RemotingCommand.request(RequestCode.UPDATE_AND_CREATE_TOPIC,
                    new CreateTopicRequestHeader("Kept", "TBW102", 4, 4, 6, "SINGLE_TAG", 0, false))).code())
                    .isEqualTo(ResponseCode.SUCCESS);
            int refused = 0;
            for (int i = 0; i < FRAMES; i++) {
                FuzzFrame frame = mutator.next();
                RemotingCommand answer = fuzzOne(addr, frame);
                if (answer != null && !NORMAL_ANSWERS.contains(answer.code())) {
                    refused++;
                }
                if (answer != null) {
                    checkAnswer("frame " + i + " (" + frame.describe() + ")", frame, answer);
                }
            }
            RemotingCommand send = call(addr, RemotingCommand.request(RequestCode.SEND_MESSAGE_V2,
                    new SendMessageRequestHeaderV2("PG", "Kept", "TBW102", 4, 0, 0, 1_700_000_000_000L, 0, "", 0, false,
                            null, false, "broker-a")).body("after the frames".getBytes(StandardCharsets.UTF_8)));
            assertThat(send.code()).as(send.remark()).isEqualTo(ResponseCode.SUCCESS);
            assertThat(violations).isEmpty();
            assertThat(refused).as("the run refused some frames, so the checks had work").isPositive();
            assertThat(closes).as("the broker closed the connection on frames that do not decode").isPositive();
            System.out.printf("real broker, seed %d: %d frames, %d refused, %d connections closed by the broker%n",
                    SEED, FRAMES, refused, closes);
        } finally {
            closeSocket();
        }
    }

    /** Sends one frame; its answer when it is matched by opaque, else null after a barrier. */
    private RemotingCommand fuzzOne(String addr, FuzzFrame frame) throws IOException {
        if (socket == null) {
            connect(addr);
        }
        if (!write(frame.payload())) {
            return null;
        }
        RemotingCommand answer = null;
        if (!frame.oneway() && !frame.mutation().breaksFraming()) {
            answer = readAnswer(frame.opaque(), ANSWER_WAIT_MS);
        }
        if (answer == null && socket != null) {
            barrier(frame);
        }
        return answer;
    }

    private void barrier(FuzzFrame after) throws IOException {
        int opaque = barrierOpaque++;
        RemotingCommand r = RemotingCommand.request(RequestCode.GET_MAX_OFFSET, new GetMaxOffsetRequestHeader("Kept", 0, null));
        r.opaque(opaque);
        if (write(RemotingCodec.encode(r)) && readAnswer(opaque, BARRIER_WAIT_MS) == null && socket != null) {
            violations.add("after " + after.describe() + ": the broker neither answered a read-only request nor closed");
            closeSocket();
        }
    }

    private RemotingCommand call(String addr, RemotingCommand request) throws IOException {
        if (socket == null) {
            connect(addr);
        }
        int opaque = barrierOpaque++;
        request.opaque(opaque);
        assertThat(write(RemotingCodec.encode(request))).isTrue();
        RemotingCommand r = readAnswer(opaque, BARRIER_WAIT_MS);
        assertThat(r).as("answer to a well-formed %s", RequestCode.describe(request.code())).isNotNull();
        return r;
    }

    private void checkAnswer(String where, FuzzFrame frame, RemotingCommand answer) {
        if (NORMAL_ANSWERS.contains(answer.code())) {
            if (answer.code() == ResponseCode.SUCCESS && frame.fieldToName() != null) {
                violations.add(where + ": accepted although '" + frame.fieldToName() + "' is missing or malformed");
            }
            return;
        }
        String remark = answer.remark();
        if (remark == null || remark.isBlank()) {
            violations.add(where + ": refused with " + answer.code() + " and no remark");
        } else if (EXCEPTION_TEXT.matcher(remark).find()) {
            violations.add(where + ": refused with an exception's text: " + remark);
        } else if (frame.fieldToName() != null && !remark.contains(frame.fieldToName())) {
            violations.add(where + ": the remark does not name '" + frame.fieldToName() + "': " + remark);
        }
    }

    // ---- the socket ----------------------------------------------------------------------

    private void connect(String addr) throws IOException {
        String[] hostPort = addr.split(":");
        socket = new Socket();
        socket.connect(new InetSocketAddress(hostPort[0], Integer.parseInt(hostPort[1])), 5_000);
        socket.setTcpNoDelay(true);
        in = new DataInputStream(socket.getInputStream());
        out = socket.getOutputStream();
    }

    /** Writes a payload behind its 4-byte length; false when the broker had closed the connection. */
    private boolean write(ByteBuffer payload) throws IOException {
        byte[] b = new byte[payload.remaining()];
        payload.duplicate().get(b);
        try {
            out.write(ByteBuffer.allocate(4 + b.length).putInt(b.length).put(b).array());
            out.flush();
            return true;
        } catch (IOException closed) {
            closeSocket();
            return false;
        }
    }

    /** Reads frames until the one answering {@code opaque}; null on a timeout or when the broker closes. */
    private RemotingCommand readAnswer(int opaque, int waitMs) throws IOException {
        socket.setSoTimeout(waitMs);
        try {
            while (true) {
                byte[] frame = new byte[in.readInt()];
                in.readFully(frame);
                RemotingCommand c;
                try {
                    c = RemotingCodec.decode(ByteBuffer.wrap(frame));
                } catch (RemotingCodecException e) {
                    violations.add("the broker wrote a frame that does not decode: " + e.getMessage());
                    continue;
                }
                if (c.isResponse() && c.opaque() == opaque) {
                    return c;
                }
            }
        } catch (SocketTimeoutException e) {
            return null;
        } catch (EOFException | SocketException closed) {
            closeSocket();
            return null;
        }
    }

    private void closeSocket() throws IOException {
        if (socket != null) {
            closes++;
            socket.close();
            socket = null;
        }
    }
}
