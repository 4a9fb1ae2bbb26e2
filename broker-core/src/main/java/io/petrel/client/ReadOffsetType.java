package io.petrel.client;

/** Where {@link OffsetStore#readOffset} looks: the memory table only, or the store behind it. */
enum ReadOffsetType {
    READ_FROM_MEMORY,
    READ_FROM_STORE
}
