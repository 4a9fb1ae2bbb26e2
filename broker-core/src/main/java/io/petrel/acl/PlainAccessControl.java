package io.petrel.acl;

import io.petrel.common.DataVersion;
import io.petrel.common.DurableFile;
import io.petrel.common.Sabotage;
import io.petrel.env.DiskException;
import io.petrel.env.Env;
import io.petrel.remoting.RemotingChannel;
import io.petrel.remoting.RemotingCommand;
import io.petrel.remoting.RequestCode;
import io.petrel.remoting.RequestGuard;
import io.petrel.remoting.ResponseCode;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * A broker's ACL (aclEnable=true): the guard in front of every processor, the ACL files and their
 * hot reload, and the edits the ACL admin requests make.
 *
 * <p>Every {@value #WATCH_INTERVAL_MS} ms (RocketMQ's AclFileWatchService period) it lists the
 * files and reads each through the Disk seam; a file whose bytes changed is parsed whole (RocketMQ
 * compares modification times, which miss an edit within the file system's time granularity). A file
 * that does not parse keeps the rules it had (none, if it is new), and an ERROR names the file and
 * the problem once per bad content. A refused request is answered with SYSTEM_ERROR, RocketMQ's
 * code for a request its ACL hook refused, and a remark that names the reason and never a secret;
 * it reaches no processor, so it changes nothing. Driven by the broker's loop; holds nothing that
 * a crash could lose (the files are the state, written whole by {@link DurableFile}).
 */
public final class PlainAccessControl implements RequestGuard {

    public static final long WATCH_INTERVAL_MS = 5_000;
    /** How the shipped example secrets begin. */
    static final String PLACEHOLDER_PREFIX = "CHANGE_ME";

    private final Env env;
    private final AclFiles files;
    /** What each file held when last read: its bytes, and the rules taken from it (kept when a new content is bad). */
    private final Map<String, byte[]> seen = new LinkedHashMap<>();
    private final Map<String, AclFile> loaded = new LinkedHashMap<>();
    private final Map<String, DurableFile> writers = new LinkedHashMap<>();
    /** Paths with a save not yet durable: the watch leaves them alone, or it could read back the old content. */
    private final Map<String, Integer> savesInFlight = new LinkedHashMap<>();
    /** Files whose content on disk was refused: an admin edit must not overwrite the operator's unfinished edit. */
    private final Set<String> refused = new TreeSet<>();
    private final RefusalLog refusalLog;
    private AclRules rules = AclRules.none();
    private final boolean checkSignatures;
    private boolean stopped;

    public PlainAccessControl(Env env, String rocketmqHome) {
        this(env, rocketmqHome, Sabotage.none());
    }

    /** With test-only {@link Sabotage} switches. */
    public PlainAccessControl(Env env, String rocketmqHome, Set<Sabotage> sabotage) {
        this.env = env;
        this.checkSignatures = !sabotage.contains(Sabotage.ACL_SIGNATURE_NOT_CHECKED);
        this.files = new AclFiles(env.disk(), rocketmqHome);
        this.refusalLog = new RefusalLog(env);
    }

    /** Loads the files now and starts watching them. */
    public void start() {
        reload();
        if (loaded.isEmpty()) {
            env.log().error("aclEnable=true but no ACL file at {} (or under its acl/ directory): every request is"
                    + " refused until one is written", files.defaultFile());
        }
        env.scheduler().schedule(WATCH_INTERVAL_MS, this::watch);
    }

    public void stop() {
        stopped = true;
    }

    private void watch() {
        if (stopped) {
            return;
        }
        reload();
        env.scheduler().schedule(WATCH_INTERVAL_MS, this::watch);
    }

    /** Reads every file whose bytes changed; rebuilds the rules if anything was taken or dropped. */
    void reload() {
        List<String> present = files.list();
        boolean changed = loaded.keySet().removeIf(p -> !present.contains(p) && !savesInFlight.containsKey(p));
        refused.removeIf(p -> !present.contains(p));
        seen.keySet().removeIf(p -> !present.contains(p) && !savesInFlight.containsKey(p));
        for (String path : present) {
            if (savesInFlight.containsKey(path)) {
                continue;
            }
            byte[] bytes;
            try {
                bytes = files.read(path);
            } catch (DiskException | AclConfigException e) {
                env.log().error("cannot read ACL file {}: {}; its previous rules stay", path, e.getMessage());
                continue;
            }
            if (Arrays.equals(bytes, seen.get(path))) {
                continue;
            }
            seen.put(path, bytes);
            try {
                AclFile file = AclFile.parse(bytes);
                refused.remove(path);
                loaded.put(path, file);
                changed = true;
                env.log().info("ACL file {} loaded: {} accounts, {} global white addresses", path,
                        file.accounts().size(), file.globalWhiteRemoteAddresses().size());
                warnAboutPlaceholders(path, file);
            } catch (AclConfigException e) {
                refused.add(path);
                env.log().error("ACL file {} refused, its previous rules stay: {}", path, e.getMessage());
            }
        }
        if (changed) {
            rebuild();
        }
    }

    /** The shipped conf/plain_acl.yml has placeholder secrets everyone can read: say so while one is left. */
    private void warnAboutPlaceholders(String path, AclFile file) {
        for (AclAccount a : file.accounts().values()) {
            if (a.secretKey().startsWith(PLACEHOLDER_PREFIX)) {
                env.log().warn("ACL account {} in {} still has the shipped placeholder secret: anyone who has read"
                        + " Petrel's conf/plain_acl.yml can sign as it; change it", a.accessKey(), path);
            }
        }
    }

    private void rebuild() {
        rules = AclRules.of(orderedLoaded(), (key, file) ->
                env.log().warn("accessKey {} in {} is ignored: an earlier ACL file defines it", key, file));
        if (!checkSignatures) {
            rules = rules.sabotageWithoutSignatureCheck(); // SABOTAGE (tests only): any signature passes
        }
    }

    private Map<String, AclFile> orderedLoaded() {
        Map<String, AclFile> ordered = new LinkedHashMap<>();
        for (String p : files.list()) {
            if (loaded.containsKey(p)) {
                ordered.put(p, loaded.get(p));
            }
        }
        loaded.forEach(ordered::putIfAbsent);
        return ordered;
    }

    @Override
    public RemotingCommand check(RemotingChannel channel, RemotingCommand request) {
        String refusal = rules.refusal(channel.remoteAddress().host(), request);
        if (refusal == null) {
            return null;
        }
        env.log().probe("broker-acl-refused");
        refusalLog.onRefused(RequestCode.describe(request.code()), channel.remoteAddress(), refusal);
        return RemotingCommand.response(ResponseCode.SYSTEM_ERROR, "AclException: " + refusal);
    }

    @Override
    public String publishRefusal(RemotingChannel channel, RemotingCommand request, String topic) {
        String refusal = rules.publishRefusal(channel.remoteAddress().host(), request, topic);
        if (refusal == null) {
            return null;
        }
        env.log().probe("broker-acl-refused");
        refusalLog.onRefused(RequestCode.describe(request.code()), channel.remoteAddress(), refusal);
        return "AclException: " + refusal;
    }

    public AclRules rules() {
        return rules;
    }

    /** The version of each file (path → version), for GET_BROKER_CLUSTER_ACL_INFO. */
    public Map<String, DataVersion> versions() {
        Map<String, DataVersion> v = new LinkedHashMap<>();
        orderedLoaded().forEach((p, f) -> v.put(p, f.dataVersion()));
        return v;
    }

    public DataVersion defaultFileVersion() {
        AclFile f = loaded.get(files.defaultFile());
        return f == null ? new DataVersion(0, 0) : f.dataVersion();
    }

    /**
     * Creates or updates an account (in the file that defines it, else the default file) and saves
     * the file whole; the rules change at once.
     *
     * @throws AclConfigException naming what is wrong; nothing changed
     */
    public void updateAccount(AclAccountUpdate update, Runnable onDurable) {
        reload();
        String path = rules.fileOf(update.accessKey());
        if (path == null) {
            path = files.defaultFile();
        }
        requireReadable(path);
        AclFile file = loaded.getOrDefault(path, AclFile.empty());
        AclAccount next = update.applyTo(file.accounts().get(update.accessKey()));
        save(path, file.withAccount(next, nextVersion(file)), onDurable);
    }

    /** Deletes an account; false when no file defines it. */
    public boolean deleteAccount(String accessKey, Runnable onDurable) {
        reload();
        String path = rules.fileOf(accessKey);
        if (path == null) {
            return false;
        }
        requireReadable(path);
        AclFile file = loaded.get(path);
        save(path, file.withoutAccount(accessKey, nextVersion(file)), onDurable);
        return true;
    }

    /**
     * Replaces the global white list of one ACL file (the default file when {@code path} is blank).
     *
     * @throws AclConfigException when the path is not one of this broker's ACL files or an address is malformed
     */
    public void updateGlobalWhiteAddresses(List<String> addresses, String path, Runnable onDurable) {
        reload();
        String target = path == null || path.isBlank() ? files.defaultFile() : path;
        if (!target.equals(files.defaultFile()) && !loaded.containsKey(target)) {
            throw new AclConfigException(target + " is not one of this broker's ACL files");
        }
        requireReadable(target);
        AclFile file = loaded.getOrDefault(target, AclFile.empty());
        save(target, file.withGlobalWhiteRemoteAddresses(addresses, nextVersion(file)), onDurable);
    }

    /**
     * Refuses to edit a file whose content on disk was refused: writing the rules in force over it
     * would throw away the operator's edit, mistake and all.
     */
    private void requireReadable(String path) {
        if (refused.contains(path)) {
            throw new AclConfigException(path + " holds an edit the broker refused (its log says why); fix the file"
                    + " before changing it this way");
        }
    }

    private DataVersion nextVersion(AclFile file) {
        return file.dataVersion().next(env.clock().nowMs());
    }

    private void save(String path, AclFile file, Runnable onDurable) {
        byte[] bytes = file.toYaml();
        loaded.put(path, file);
        seen.put(path, bytes);
        rebuild();
        savesInFlight.merge(path, 1, Integer::sum);
        writers.computeIfAbsent(path, p -> new DurableFile(env, p)).save(bytes, () -> {
            savesInFlight.computeIfPresent(path, (p, n) -> n > 1 ? n - 1 : null);
            onDurable.run();
        });
    }
}
