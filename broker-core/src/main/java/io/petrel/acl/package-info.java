/**
 * ACL 1.0 as RocketMQ 4.9 has it (aclEnable=true): accounts with an access key and a secret key in
 * {@code <rocketmqHome>/conf/plain_acl.yml} and {@code conf/acl/*.yml}, requests signed by the
 * client ({@link io.petrel.acl.AclSigner}, byte-for-byte the official {@code AclClientRPCHook}),
 * checked by {@link io.petrel.acl.PlainAccessControl} as a {@link io.petrel.remoting.RequestGuard}
 * before any processor sees them, so a refused request changes no state. Files are re-read
 * through the Disk seam on the broker's scheduler every 5 s; {@link io.petrel.acl.AclAdminProcessor}
 * serves the ACL admin requests 50–53. The NameServer has no ACL in RocketMQ 4.9.8, nor here.
 *
 * <p>Uses the env seams, remoting and common only; no threads, no direct file access.
 *
 * <p>Where Petrel does better than RocketMQ 4.9.8, each a fact of its sources:
 * <ul>
 *   <li>Any signed account may send UPDATE_AND_CREATE_ACL_CONFIG, DELETE_ACL_CONFIG and
 *       UPDATE_GLOBAL_WHITE_ADDRS_CONFIG there ({@code Permission.ADMIN_CODE} lists only five topic,
 *       group and config codes), so any account can make itself an admin; here they need an admin.</li>
 *   <li>Any signed account may send CLONE_GROUP_OFFSET (overwriting another group's offsets),
 *       CLEAN_UNUSED_TOPIC, CLEAN_EXPIRED_CONSUMEQUEUE and DELETE_EXPIRED_COMMITLOG there; here they
 *       need an admin.</li>
 *   <li>END_TRANSACTION needs no permission there: its header names no topic, so a signed account
 *       that guesses a half message's offsets may commit or roll back another producer's
 *       transaction. Here its sender needs PUB on the half message's real topic, as a send there
 *       would ({@code AclRules.publishRefusal}, asked by {@code EndTransactionProcessor}).</li>
 *   <li>A file that fails half-way through reloading is half applied there ({@code load(String)}
 *       adds the file's global white addresses and access keys before an account fails to build);
 *       here a file is parsed whole before it replaces the old rules, and a bad one keeps them.</li>
 *   <li>Secrets leak there: every load logs the whole file at INFO ("Broker plain acl conf data
 *       is"), a short key's error message quotes the secret key, and the official
 *       {@code updateAclConfig} prints the account with its secret. Here no log line, remark,
 *       {@code toString()} or mqadmin output carries a secret.</li>
 *   <li>An unknown permission word ({@code PUB/SUB}, a typo) is read as DENY there without a word;
 *       here the file is refused, naming the entry.</li>
 *   <li>Signatures are compared in constant time ({@code MessageDigest.isEqual}), not with
 *       {@code String.equals}.</li>
 *   <li>An admin edit there rewrites the file from what was last loaded, so an operator's edit the
 *       5 s watch has not seen yet, or one it refused, is overwritten; here an edit re-reads the
 *       files first and is refused while the target file holds refused content.</li>
 *   <li>Every refusal is logged there (an ERROR with the stack trace, per request); here at most 100
 *       WARN lines a minute, then a count.</li>
 * </ul>
 * Kept as RocketMQ has it, for compatibility: a white-listed address passes without a signature
 * (the global list for every request, an account's list for requests naming that account), and
 * requests that name no topic or group pass with any valid signature. Remote addresses are what
 * the TCP peer is; on a shared network that can be spoofed or NATed, so white lists are for
 * trusted segments only (see the README).
 */
package io.petrel.acl;
