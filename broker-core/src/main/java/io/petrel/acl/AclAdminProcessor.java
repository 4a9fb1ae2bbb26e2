package io.petrel.acl;

import io.petrel.common.Json;
import io.petrel.remoting.RemotingChannel;
import io.petrel.remoting.RemotingCommand;
import io.petrel.remoting.RequestCode;
import io.petrel.remoting.RequestDispatcher;
import io.petrel.remoting.ResponseCode;
import io.petrel.remoting.header.AclHeaders.CreateAccessConfigRequestHeader;
import io.petrel.remoting.header.AclHeaders.DeleteAccessConfigRequestHeader;
import io.petrel.remoting.header.AclHeaders.GetBrokerAclConfigResponseHeader;
import io.petrel.remoting.header.AclHeaders.UpdateGlobalWhiteAddrsConfigRequestHeader;
import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;

/**
 * The ACL admin requests (RocketMQ 4.9.8's codes 50–53): create or update an account, delete one,
 * report each ACL file's version, replace the global white list. An edit answers SUCCESS once the
 * file is durable; a refused one answers RocketMQ's failure code (209, 210, 211) with the reason
 * and changes nothing. Only admin accounts get here when ACL is on ({@link RequiredAccess}); with
 * ACL off the broker answers as RocketMQ's does with no validator: it cannot edit what it does
 * not load, so these requests are refused.
 */
public final class AclAdminProcessor {

    /** The broker's identity for GET_BROKER_CLUSTER_ACL_INFO. */
    public record Identity(String clusterName, String brokerName, String brokerAddr) {
    }

    private final PlainAccessControl acl;
    private final Supplier<Identity> identity;

    /** {@code acl} is null when aclEnable=false. */
    public AclAdminProcessor(PlainAccessControl acl, Supplier<Identity> identity) {
        this.acl = acl;
        this.identity = identity;
    }

    public void registerWith(RequestDispatcher d) {
        d.register(RequestCode.UPDATE_AND_CREATE_ACL_CONFIG, this::update);
        d.register(RequestCode.DELETE_ACL_CONFIG, this::delete);
        d.register(RequestCode.GET_BROKER_CLUSTER_ACL_INFO, this::versions);
        d.register(RequestCode.UPDATE_GLOBAL_WHITE_ADDRS_CONFIG, this::whiteList);
    }

    private boolean refusedWhenOff(RemotingChannel ch, RemotingCommand req, int code) {
        if (acl != null) {
            return false;
        }
        ch.reply(req, RemotingCommand.response(code, "ACL is not enabled on this broker (aclEnable=false)"));
        return true;
    }

    private void update(RemotingChannel ch, RemotingCommand req) {
        CreateAccessConfigRequestHeader h = req.decodeHeader(CreateAccessConfigRequestHeader.class);
        int failed = ResponseCode.UPDATE_AND_CREATE_ACL_CONFIG_FAILED;
        if (refusedWhenOff(ch, req, failed)) {
            return;
        }
        AclAccountUpdate update = new AclAccountUpdate(h.accessKey(), h.secretKey(), h.whiteRemoteAddress(), h.admin(),
                h.defaultTopicPerm(), h.defaultGroupPerm(), split(h.topicPerms()), split(h.groupPerms()));
        try {
            acl.updateAccount(update, () -> ch.reply(req, RemotingCommand.success()));
        } catch (AclConfigException e) {
            ch.reply(req, RemotingCommand.response(failed, e.getMessage()));
        }
    }

    private void delete(RemotingChannel ch, RemotingCommand req) {
        DeleteAccessConfigRequestHeader h = req.decodeHeader(DeleteAccessConfigRequestHeader.class);
        int failed = ResponseCode.DELETE_ACL_CONFIG_FAILED;
        if (refusedWhenOff(ch, req, failed)) {
            return;
        }
        try {
            if (!acl.deleteAccount(h.accessKey(), () -> ch.reply(req, RemotingCommand.success()))) {
                ch.reply(req, RemotingCommand.response(failed, "The accesskey[" + h.accessKey()
                        + "] corresponding to accessConfig has been deleted failed: no ACL file defines it"));
            }
        } catch (AclConfigException e) {
            ch.reply(req, RemotingCommand.response(failed, e.getMessage()));
        }
    }

    private void whiteList(RemotingChannel ch, RemotingCommand req) {
        UpdateGlobalWhiteAddrsConfigRequestHeader h = req.decodeHeader(UpdateGlobalWhiteAddrsConfigRequestHeader.class);
        int failed = ResponseCode.UPDATE_GLOBAL_WHITE_ADDRS_CONFIG_FAILED;
        if (refusedWhenOff(ch, req, failed)) {
            return;
        }
        try {
            acl.updateGlobalWhiteAddresses(split(h.globalWhiteAddrs()), h.aclFileFullPath(),
                    () -> ch.reply(req, RemotingCommand.success()));
        } catch (AclConfigException e) {
            ch.reply(req, RemotingCommand.response(failed, e.getMessage()));
        }
    }

    private void versions(RemotingChannel ch, RemotingCommand req) {
        if (acl == null) {
            ch.reply(req, RemotingCommand.response(ResponseCode.SYSTEM_ERROR, "ACL is not enabled on this broker (aclEnable=false)"));
            return;
        }
        Identity id = identity.get();
        ch.reply(req, RemotingCommand.success().header(new GetBrokerAclConfigResponseHeader(
                Json.writeString(acl.defaultFileVersion()), Json.writeString(acl.versions()), id.brokerName(),
                id.brokerAddr(), id.clusterName())));
    }

    /** RocketMQ's UtilAll.split: comma-separated, trimmed, empties dropped; null stays null. */
    static List<String> split(String text) {
        if (text == null) {
            return null;
        }
        return Arrays.stream(text.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }
}
