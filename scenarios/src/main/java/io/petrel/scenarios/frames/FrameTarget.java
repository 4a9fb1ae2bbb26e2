package io.petrel.scenarios.frames;

/** The kind of node a frame-fuzz run attacks. Not stored or sent, so no codes. */
public enum FrameTarget {
    /** A master broker with acknowledged messages, served codes of {@link RequestShapes#broker()}. */
    BROKER,
    /** A NameServer with a registered broker and KV config, codes of {@link RequestShapes#namesrv()}. */
    NAMESRV,
    /** A client node's consumers, served the broker-to-client codes of {@link RequestShapes#client()}. */
    CLIENT
}
