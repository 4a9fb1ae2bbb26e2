package io.petrel.broker.processor;

import static io.petrel.remoting.Replies.error;

import io.petrel.broker.BrokerRuntimeConfig;
import io.petrel.common.Json;
import io.petrel.config.ConfigException;
import io.petrel.config.PropertiesText;
import io.petrel.env.Clock;
import io.petrel.env.NodeLog;
import io.petrel.remoting.RemotingChannel;
import io.petrel.remoting.RemotingCommand;
import io.petrel.remoting.RequestCode;
import io.petrel.remoting.RequestDispatcher;
import io.petrel.remoting.ResponseCode;
import io.petrel.remoting.header.AdminHeaders.GetBrokerConfigResponseHeader;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * GET_BROKER_CONFIG (every key as {@code name=value} lines, with the config's data version in the
 * header) and UPDATE_BROKER_CONFIG (a properties text; see {@link BrokerRuntimeConfig} for which keys
 * may change and how refusals are answered). Every update attempt is logged with its caller.
 */
public final class BrokerConfigProcessor {

    private final BrokerRuntimeConfig config;
    private final Clock clock;
    private final NodeLog log;

    public BrokerConfigProcessor(BrokerRuntimeConfig config, Clock clock, NodeLog log) {
        this.config = config;
        this.clock = clock;
        this.log = log;
    }

    public void registerWith(RequestDispatcher d) {
        d.register(RequestCode.GET_BROKER_CONFIG, this::getConfig)
                .register(RequestCode.UPDATE_BROKER_CONFIG, this::updateConfig);
    }

    private void getConfig(RemotingChannel channel, RemotingCommand request) {
        channel.reply(request, RemotingCommand.success()
                .header(new GetBrokerConfigResponseHeader(Json.writeString(config.dataVersion())))
                .body(config.allConfigsText().getBytes(StandardCharsets.UTF_8)));
    }

    private void updateConfig(RemotingChannel channel, RemotingCommand request) {
        byte[] body = request.bodyBytes();
        if (body == null || body.length == 0) {
            channel.reply(request, RemotingCommand.success());
            return;
        }
        Map<String, String> properties;
        try {
            properties = PropertiesText.parse(new String(body, StandardCharsets.UTF_8));
        } catch (ConfigException e) {
            error(channel, request, ResponseCode.SYSTEM_ERROR, "string2Properties error: " + String.join("; ", e.problems()));
            return;
        }
        BrokerRuntimeConfig.Outcome outcome = config.update(properties, clock.nowMs());
        if (outcome.ok()) {
            log.info("updateBrokerConfig from {} changed {}", channel.remoteAddress(), outcome.changedKeys());
            channel.reply(request, RemotingCommand.success());
        } else {
            log.warn("updateBrokerConfig from {} refused ({}): {}", channel.remoteAddress(), properties.keySet(), outcome.remark());
            error(channel, request, outcome.code(), outcome.remark());
        }
    }
}
