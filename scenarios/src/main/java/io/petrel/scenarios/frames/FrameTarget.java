package io.petrel.scenarios.frames;

/** The kind of node a frame-fuzz run attacks. Not stored or sent, so no codes. */
public enum FrameTarget {
    /** A master broker with acknowledged messages, served codes of {@link RequestShapes#broker()}. */
    BROKER,
    /**
     * The same broker with aclEnable=true, served codes of {@link RequestShapes#brokerWithAcl()}: most
     * frames are signed by an admin after their mutation, so its processors meet them as before; one in
     * four is signed before it, and a frame whose signed content the mutation changed must be refused.
     */
    BROKER_ACL,
    /** A NameServer with a registered broker and KV config, codes of {@link RequestShapes#namesrv()}. */
    NAMESRV,
    /** A client node's consumers, served the broker-to-client codes of {@link RequestShapes#client()}. */
    CLIENT;

    /** Whether the node attacked is a broker. */
    public boolean broker() {
        return this == BROKER || this == BROKER_ACL;
    }
}
