package io.petrel.store.file;

import io.petrel.env.Disk;
import io.petrel.env.DiskException;
import io.petrel.env.DiskPaths;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * One flush round: forces of some files and syncs of the directories whose names changed, started
 * together; it ends when the last of them reports, and succeeds only if all of them did. A file's
 * position counts as durable only after a force that started after the bytes were written completed,
 * so positions are taken when the round starts; a file cut back during the round (a slave's cut)
 * gains nothing from it, since bytes written after the cut below the old position were not covered.
 * A file's name counts as durable when its directory was synced in the round.
 */
public final class FlushRound {

    private final List<MappedFile> files;
    private final int[] positions;
    private final int[] cuts;
    private final boolean[] namesCovered;
    private final boolean[] requestsCovered;
    private final Consumer<DiskException> onEnd;
    private int outstanding;
    private DiskException failure;

    private FlushRound(List<MappedFile> files, List<String> directories, Consumer<DiskException> onEnd) {
        this.files = new ArrayList<>(files);
        this.positions = new int[files.size()];
        this.cuts = new int[files.size()];
        this.namesCovered = new boolean[files.size()];
        this.requestsCovered = new boolean[files.size()];
        this.onEnd = onEnd;
        for (int i = 0; i < files.size(); i++) {
            positions[i] = files.get(i).wrotePosition();
            cuts[i] = files.get(i).cuts();
            namesCovered[i] = directories.contains(DiskPaths.parent(files.get(i).path()));
            requestsCovered[i] = files.get(i).isForceRequested();
        }
    }

    /**
     * Starts forcing {@code files} and syncing {@code directories}; {@code onEnd} runs on the loop
     * with null on success or the first failure. With nothing to do it runs at once.
     */
    public static void start(Disk disk, List<MappedFile> files, List<String> directories, Consumer<DiskException> onEnd) {
        FlushRound round = new FlushRound(files, directories, onEnd);
        round.outstanding = files.size() + directories.size();
        if (round.outstanding == 0) {
            onEnd.accept(null);
            return;
        }
        for (MappedFile f : round.files) {
            f.force(round::onOneDone);
        }
        for (String dir : directories) {
            disk.syncDirectory(dir, round::onOneDone);
        }
    }

    private void onOneDone(DiskException f) {
        if (f != null && failure == null) {
            failure = f;
        }
        if (--outstanding > 0) {
            return;
        }
        if (failure == null) {
            for (int i = 0; i < files.size(); i++) {
                if (files.get(i).cuts() == cuts[i]) {
                    files.get(i).onForced(positions[i], requestsCovered[i]);
                }
                if (namesCovered[i]) {
                    files.get(i).markNameDurable();
                }
            }
        }
        onEnd.accept(failure);
    }
}
