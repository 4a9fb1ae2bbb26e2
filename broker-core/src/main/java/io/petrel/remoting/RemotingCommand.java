package io.petrel.remoting;

import java.nio.ByteBuffer;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One RocketMQ remoting command, request or response: code, language, version, opaque, flag,
 * remark, ext fields (the custom header, as strings) and body.
 *
 * <p>Mutable while being built, then handed to the codec. {@code extFields} is null when the
 * command carries no custom header (JSON leaves the key out), and an empty map when it carries
 * one whose fields are all null (JSON writes {@code {}}); the ROCKETMQ serialization cannot tell
 * the two apart and decodes both as null. The body is a read-only view; it may be a slice of a
 * received frame or of a stored file.
 */
public final class RemotingCommand {

    /** Bit 0 of {@code flag}: this is a response. */
    public static final int FLAG_RESPONSE = 1;
    /** Bit 1 of {@code flag}: this request wants no response. */
    public static final int FLAG_ONEWAY = 2;
    /** The MQVersion ordinal of V4_9_8, which Petrel puts in every command it sends. */
    public static final int VERSION_4_9_8 = 409;

    private int code;
    private LanguageCode language = LanguageCode.JAVA;
    private int version = VERSION_4_9_8;
    private int opaque;
    private int flag;
    private String remark;
    private Map<String, String> extFields;
    private ByteBuffer body;
    private SerializeType serializeType = SerializeType.JSON;
    /** When a received request's frame arrived (the node's nanoTime); never sent. */
    private long receivedNanos;
    /** A request a processor held for long polling; never sent. */
    private boolean heldForLongPolling;

    /** A request with the given code and custom header (null for none). */
    public static RemotingCommand request(int code, Object header) {
        RemotingCommand c = new RemotingCommand();
        c.code = code;
        if (header != null) {
            c.extFields = Headers.encode(header);
        }
        return c;
    }

    /** A response with the given code and remark (null for none), not yet bound to a request. */
    public static RemotingCommand response(int code, String remark) {
        RemotingCommand c = new RemotingCommand();
        c.code = code;
        c.remark = remark;
        c.flag = FLAG_RESPONSE;
        return c;
    }

    public static RemotingCommand success() {
        return response(ResponseCode.SUCCESS, null);
    }

    /** Sets a custom header on a response (or replaces a request's). */
    public RemotingCommand header(Object header) {
        this.extFields = header == null ? null : Headers.encode(header);
        return this;
    }

    /** Decodes the custom header as {@code type}; see {@link Headers#decode}. */
    public <H> H decodeHeader(Class<H> type) {
        return Headers.decode(type, extFields, code);
    }

    public int code() {
        return code;
    }

    public RemotingCommand code(int value) {
        this.code = value;
        return this;
    }

    public LanguageCode language() {
        return language;
    }

    public RemotingCommand language(LanguageCode value) {
        this.language = value;
        return this;
    }

    public int version() {
        return version;
    }

    public RemotingCommand version(int value) {
        this.version = value;
        return this;
    }

    public int opaque() {
        return opaque;
    }

    public RemotingCommand opaque(int value) {
        this.opaque = value;
        return this;
    }

    public int flag() {
        return flag;
    }

    public RemotingCommand flag(int value) {
        this.flag = value;
        return this;
    }

    public boolean isResponse() {
        return (flag & FLAG_RESPONSE) != 0;
    }

    public boolean isOneway() {
        return (flag & FLAG_ONEWAY) != 0;
    }

    public RemotingCommand markOneway() {
        flag |= FLAG_ONEWAY;
        return this;
    }

    public String remark() {
        return remark;
    }

    public RemotingCommand remark(String value) {
        this.remark = value;
        return this;
    }

    /** The ext fields; null when absent. Callers may modify the returned map. */
    public Map<String, String> extFields() {
        return extFields;
    }

    public RemotingCommand extFields(Map<String, String> value) {
        this.extFields = value;
        return this;
    }

    /** Adds one ext field, creating the map if needed. */
    public RemotingCommand addExtField(String key, String value) {
        if (extFields == null) {
            extFields = new LinkedHashMap<>();
        }
        extFields.put(key, value);
        return this;
    }

    public String extField(String key) {
        return extFields == null ? null : extFields.get(key);
    }

    /** The body as a read-only buffer (position 0), or null. */
    public ByteBuffer body() {
        return body == null ? null : body.duplicate();
    }

    public int bodyLength() {
        return body == null ? 0 : body.remaining();
    }

    /** The body's bytes as a new array, or null. */
    public byte[] bodyBytes() {
        if (body == null) {
            return null;
        }
        byte[] bytes = new byte[body.remaining()];
        body.duplicate().get(bytes);
        return bytes;
    }

    public RemotingCommand body(ByteBuffer value) {
        this.body = value == null ? null : value.slice().asReadOnlyBuffer();
        return this;
    }

    public RemotingCommand body(byte[] value) {
        return body(value == null ? null : ByteBuffer.wrap(value));
    }

    public SerializeType serializeType() {
        return serializeType;
    }

    public RemotingCommand serializeType(SerializeType value) {
        this.serializeType = value;
        return this;
    }

    @Override
    public String toString() {
        String what = isResponse() ? ResponseCode.describe(code) : RequestCode.describe(code);
        return (isResponse() ? "response " : "request ") + what + " opaque=" + opaque
                + (isOneway() ? " oneway" : "") + (remark == null ? "" : " remark=" + remark)
                + (extFields == null ? "" : " ext=" + extFields) + " body=" + bodyLength() + "B";
    }

    /** When this received request's frame arrived, by the node's monotonic clock (not on the wire). */
    public long receivedNanos() {
        return receivedNanos;
    }

    public RemotingCommand receivedNanos(long nanos) {
        this.receivedNanos = nanos;
        return this;
    }

    /** True once a processor held this request for long polling (not on the wire; for metrics). */
    public boolean heldForLongPolling() {
        return heldForLongPolling;
    }

    public void markHeldForLongPolling() {
        this.heldForLongPolling = true;
    }
}
