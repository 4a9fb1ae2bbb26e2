package io.petrel.acl;

import io.petrel.env.Disk;
import io.petrel.env.DiskException;
import io.petrel.env.DiskFile;
import io.petrel.env.DiskPaths;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * Where a broker's ACL files are, as RocketMQ 4.9 looks for them: every {@code *.yml} and
 * {@code *.yaml} under {@code <rocketmqHome>/conf/acl/} (subdirectories too), then
 * {@code <rocketmqHome>/conf/plain_acl.yml}, the default file that new accounts and the global
 * white list go to. Reads go through the {@link Disk} seam.
 */
public final class AclFiles {

    /** An ACL file larger than this is refused (no sane account list comes near it). */
    static final int MAX_FILE_BYTES = 4 << 20;
    private static final int MAX_DEPTH = 4;

    private final Disk disk;
    private final String aclDir;
    private final String defaultFile;

    public AclFiles(Disk disk, String rocketmqHome) {
        this.disk = disk;
        this.aclDir = DiskPaths.join(DiskPaths.join(rocketmqHome, "conf"), "acl");
        this.defaultFile = DiskPaths.join(DiskPaths.join(rocketmqHome, "conf"), "plain_acl.yml");
    }

    public String defaultFile() {
        return defaultFile;
    }

    /** The files present now, in load order (sorted names under conf/acl, then the default file). */
    public List<String> list() {
        List<String> files = new ArrayList<>();
        collect(aclDir, 0, files);
        if (disk.exists(defaultFile) && !files.contains(defaultFile)) {
            files.add(defaultFile);
        }
        return files;
    }

    private void collect(String dir, int depth, List<String> out) {
        if (depth > MAX_DEPTH) {
            return;
        }
        for (String name : disk.list(dir)) {
            String path = DiskPaths.join(dir, name);
            if (disk.isDirectory(path)) {
                collect(path, depth + 1, out);
            } else if ((name.endsWith(".yml") || name.endsWith(".yaml")) && !name.equals("tools.yml")) {
                out.add(path);
            }
        }
    }

    /**
     * The file's bytes.
     *
     * @throws AclConfigException when it is too large
     * @throws DiskException when reading fails or it vanished
     */
    public byte[] read(String path) {
        DiskFile file = disk.open(path);
        try {
            if (file.size() > MAX_FILE_BYTES) {
                throw new AclConfigException("it has " + file.size() + " bytes, more than the " + MAX_FILE_BYTES
                        + " an ACL file may have");
            }
            ByteBuffer content = ByteBuffer.allocate((int) file.size());
            file.read(0, content);
            return content.array();
        } finally {
            file.close();
        }
    }
}
