package io.petrel.scenarios.frames;

import io.petrel.env.RandomSource;
import java.util.List;

/**
 * Bodies of UPDATE_BROKER_CONFIG (the NameServer's UPDATE_NAMESRV_CONFIG takes the same kind; its
 * refusals are tested in NamesrvConfigSimTest): properties text naming keys that must never change at runtime because they name a path, a
 * class or a command (the class of CVE-2023-33246 and CVE-2023-37582), unknown keys, malformed text,
 * bad values, and a few harmless keys that may change.
 */
final class BrokerConfigBodies {

    /** Keys whose value is a path, a program, a class or an address: never accepted at runtime. */
    static final List<String> FORBIDDEN_KEYS = List.of("rocketmqHome", "brokerConfigPath", "storePathRootDir",
            "storePathCommitLog", "storePathConsumeQueue", "storePathIndex", "storeCheckpoint", "abortFile",
            "kvConfigPath", "configStorePath", "namesrvAddr", "haMasterAddress", "bindAddress", "brokerIP1",
            "messageStorePlugIn", "filterServerNums", "rocketmqHome ", "brokerConfigPath\t");

    private static final List<String> HARMLESS = List.of("longPollingEnable=true", "notifyConsumerIdsChangedEnable=true",
            "slaveReadEnable=false", "shortPollingTimeMills=1000", "defaultTopicQueueNums=4");

    private static final List<String> BROKEN = List.of("=novalue", "no-equals-sign", "\\u12", "longPollingEnable=maybe",
            "shortPollingTimeMills=-5", "shortPollingTimeMills=99999999999999999999", "defaultTopicQueueNums=0x10",
            "unknownKeyOfFuzz=1", "brokerPermission=", "a=b\u0000c", "brokerRole=SLAVE");

    private BrokerConfigBodies() {
    }

    static String draw(RandomSource random) {
        StringBuilder text = new StringBuilder();
        int lines = 1 + random.nextInt(3);
        for (int i = 0; i < lines; i++) {
            int kind = random.nextInt(3);
            if (kind == 0) {
                String key = FORBIDDEN_KEYS.get(random.nextInt(FORBIDDEN_KEYS.size()));
                text.append(key).append('=').append(random.nextBoolean() ? "/tmp/fuzz" : "sh -c touch /tmp/pwned;");
            } else if (kind == 1) {
                text.append(HARMLESS.get(random.nextInt(HARMLESS.size())));
            } else {
                text.append(BROKEN.get(random.nextInt(BROKEN.size())));
            }
            text.append('\n');
        }
        return text.toString();
    }
}
