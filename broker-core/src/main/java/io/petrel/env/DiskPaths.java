package io.petrel.env;

/** How paths are spelled on the {@link Disk} seam: absolute, '/'-separated, no trailing '/'. */
public final class DiskPaths {

    private DiskPaths() {
    }

    /** Joins a directory and a relative name with exactly one '/'. */
    public static String join(String directory, String name) {
        if (directory.endsWith("/")) {
            return directory + name;
        }
        return directory + "/" + name;
    }

    /** The directory holding {@code path}; "/" for a top-level entry. */
    public static String parent(String path) {
        String p = normalize(path);
        int slash = p.lastIndexOf('/');
        return slash <= 0 ? "/" : p.substring(0, slash);
    }

    /** The last element of {@code path}. */
    public static String name(String path) {
        String p = normalize(path);
        return p.substring(p.lastIndexOf('/') + 1);
    }

    /** Removes a trailing '/' and collapses repeated '/'; requires an absolute path. */
    public static String normalize(String path) {
        if (path == null || !path.startsWith("/")) {
            throw new IllegalArgumentException("not an absolute path: '" + path + "'");
        }
        String p = path.replaceAll("/{2,}", "/");
        if (p.length() > 1 && p.endsWith("/")) {
            p = p.substring(0, p.length() - 1);
        }
        return p;
    }
}
