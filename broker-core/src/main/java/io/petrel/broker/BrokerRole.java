package io.petrel.broker;

/** RocketMQ's broker roles: a master replicating asynchronously or synchronously, or a slave. */
public enum BrokerRole {
    ASYNC_MASTER,
    SYNC_MASTER,
    SLAVE;

    public boolean isMaster() {
        return this != SLAVE;
    }
}
