package dev.verdict.runtime.postgres;

import dev.verdict.runtime.files.Trees;
import io.zonky.test.db.postgres.embedded.DefaultPostgresBinaryResolver;
import java.io.BufferedInputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermission;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.tukaani.xz.XZInputStream;

/**
 * Unpacks zonky's PostgreSQL binaries into zonky's own cache layout ({@code <working dir>/PG-<md5 of archive>/} with
 * its {@code .exists} marker) before {@code EmbeddedPostgres} looks at it, so zonky finds them ready and never
 * unpacks itself.
 *
 * <p>Why not leave it to zonky: it reads every file of the 57 MB archive into memory before writing (an
 * {@code OutOfMemoryError} at -Xmx64m), and it unpacks in place, so an interrupted first run leaves a half-filled
 * folder that makes every later start fail ({@code FileAlreadyExistsException} on a dangling symlink) or, worse,
 * keeps a truncated binary. Here the archive is streamed (about 10 MB of heap, the xz dictionary) into a private
 * temp folder that is renamed into place only when complete; a folder without the marker is replaced; temp folders
 * of killed runs are swept. Safe against concurrent callers in this and other JVMs (a file lock per archive).
 */
public final class PostgresBinaries {

    /** zonky's own property for its working directory; unset, zonky uses {@code java.io.tmpdir/embedded-pg}. */
    public static final String WORKING_DIR_PROPERTY = "ot.epg.working-dir";

    private static final String READY_MARKER = ".exists"; // zonky's name: it checks this file's presence and mtime
    private static final String ZONKY_UNPACK_LOCK = "epg-lock";
    private static final Object JVM_LOCK = new Object(); // FileLock is per JVM: threads of one JVM queue here first

    private final Path workingDir;
    private final Supplier<InputStream> archive;

    PostgresBinaries(Path workingDir, Supplier<InputStream> archive) {
        this.workingDir = workingDir.toAbsolutePath().normalize();
        this.archive = archive;
    }

    /** The binaries on this class path (zonky's default resolver), in {@link #defaultWorkingDirectory()}. */
    public static PostgresBinaries defaults() {
        return in(defaultWorkingDirectory());
    }

    /** The binaries on this class path, unpacked under {@code workingDir}. */
    public static PostgresBinaries in(Path workingDir) {
        return new PostgresBinaries(workingDir, PostgresBinaries::classPathArchive);
    }

    /** Where zonky looks: {@value #WORKING_DIR_PROPERTY} if set, else {@code java.io.tmpdir/embedded-pg}. */
    public static Path defaultWorkingDirectory() {
        String dir = System.getProperty(WORKING_DIR_PROPERTY);
        if (dir != null && !dir.isBlank()) {
            return Path.of(dir);
        }
        return Path.of(System.getProperty("java.io.tmpdir"), "embedded-pg");
    }

    /** The working directory to hand to {@code EmbeddedPostgres.Builder.setOverrideWorkingDirectory}. */
    public Path workingDirectory() {
        return workingDir;
    }

    /**
     * Makes sure the binaries are unpacked completely and returns their folder. Cheap when they are (one pass over
     * the 15 MB archive for its digest, which is also what zonky does at every start).
     */
    public Path prepare() {
        try {
            String digest = md5();
            Path target = folder(digest);
            if (isReady(target)) {
                return target;
            }
            Files.createDirectories(workingDir);
            synchronized (JVM_LOCK) {
                try (FileChannel ch = FileChannel.open(
                                workingDir.resolve("PG-" + digest + ".verdict-lock"),
                                StandardOpenOption.CREATE,
                                StandardOpenOption.WRITE);
                        FileLock ignored = ch.lock()) {
                    sweepLeftovers(digest);
                    if (isReady(target)) {
                        return target;
                    }
                    Path tmp = workingDir.resolve("PG-" + digest + ".unpack-" + UUID.randomUUID());
                    try {
                        unpack(tmp);
                        replace(target, tmp, digest);
                    } finally {
                        Trees.delete(tmp);
                    }
                    return target;
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not unpack the PostgreSQL binaries into " + workingDir, e);
        }
    }

    /** The folder the binaries are (or will be) unpacked to: zonky's {@code PG-<md5 of the archive>}. */
    public Path folder() {
        try {
            return folder(md5());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the PostgreSQL binaries archive", e);
        }
    }

    private Path folder(String digest) {
        return workingDir.resolve("PG-" + digest);
    }

    /** Complete as zonky sees it: the marker exists and nothing in the folder is newer than it. */
    static boolean isReady(Path pgDir) {
        File marker = pgDir.resolve(READY_MARKER).toFile();
        if (!marker.isFile()) {
            return false;
        }
        File[] others = pgDir.toFile().listFiles(f -> !f.getName().equals(READY_MARKER));
        long newest = others == null
                ? Long.MAX_VALUE
                : Stream.of(others).mapToLong(File::lastModified).max().orElse(Long.MAX_VALUE);
        return pgDir.toFile().lastModified() - 100 <= marker.lastModified() && newest <= marker.lastModified();
    }

    private String md5() throws IOException {
        try (DigestInputStream in = new DigestInputStream(archive.get(), MessageDigest.getInstance("MD5"))) {
            in.transferTo(java.io.OutputStream.nullOutputStream()); // the digest needs no copy
            return HexFormat.of().formatHex(in.getMessageDigest().digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Streams the archive into {@code dir}: one entry at a time, with the tar's permissions; marker last. */
    void unpack(Path dir) throws IOException {
        Files.createDirectories(dir);
        try (InputStream raw = new BufferedInputStream(archive.get(), 1 << 16);
                TarArchiveInputStream tar = new TarArchiveInputStream(new XZInputStream(raw))) {
            for (TarArchiveEntry e; (e = tar.getNextEntry()) != null; ) {
                Path out = inside(dir, e.getName());
                if (e.isDirectory()) {
                    Files.createDirectories(out);
                    continue;
                }
                Files.createDirectories(out.getParent());
                if (e.isSymbolicLink()) {
                    Files.createSymbolicLink(out, Path.of(e.getLinkName()));
                } else if (e.isLink()) {
                    Files.createLink(out, inside(dir, e.getLinkName())); // a hard link names a path in the archive
                } else if (e.isFile()) {
                    Files.copy(tar, out);
                    Files.setPosixFilePermissions(out, permissions(e.getMode()));
                } else {
                    throw new IOException("unsupported entry in the PostgreSQL archive: " + e.getName());
                }
            }
        }
        Path marker = dir.resolve(READY_MARKER);
        Files.createFile(marker);
        // zonky compares the marker's mtime with everything else's: make it the newest even on coarse clocks
        Files.setLastModifiedTime(marker, FileTime.from(Instant.now().plusSeconds(1)));
    }

    /** Puts the complete {@code tmp} where {@code target} is: a folder there is incomplete (checked under the lock). */
    private void replace(Path target, Path tmp, String digest) throws IOException {
        if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
            if (zonkyIsUnpacking(target)) {
                throw new IOException("another process is unpacking PostgreSQL into " + target + " with zonky's own "
                        + "unpacker; try again when it has finished");
            }
            Path broken = workingDir.resolve("PG-" + digest + ".broken-" + UUID.randomUUID());
            Files.move(target, broken, StandardCopyOption.ATOMIC_MOVE);
            Trees.delete(broken);
        }
        try {
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            throw new IOException("cannot rename inside " + workingDir + " atomically", e);
        } catch (FileAlreadyExistsException | DirectoryNotEmptyException e) {
            if (!isReady(target)) { // someone outside our lock (zonky itself) got there first, and is not done
                throw e;
            }
        }
    }

    /** A zonky in another JVM holds its unpack lock inside the folder while it extracts there. */
    private static boolean zonkyIsUnpacking(Path pgDir) throws IOException {
        Path lock = pgDir.resolve(ZONKY_UNPACK_LOCK);
        if (!Files.exists(lock)) {
            return false;
        }
        try (FileChannel ch = FileChannel.open(lock, StandardOpenOption.WRITE);
                FileLock l = ch.tryLock()) {
            return l == null;
        } catch (OverlappingFileLockException e) {
            return true; // zonky in this very JVM
        }
    }

    /** Temp and broken folders of this archive left by a killed run; we hold the lock, so none is in use. */
    private void sweepLeftovers(String digest) throws IOException {
        String unpack = "PG-" + digest + ".unpack-";
        String broken = "PG-" + digest + ".broken-";
        try (Stream<Path> children = Files.list(workingDir)) {
            for (Path p : children.toList()) {
                String name = p.getFileName().toString();
                if (name.startsWith(unpack) || name.startsWith(broken)) {
                    Trees.delete(p);
                }
            }
        }
    }

    private static Path inside(Path dir, String entryName) throws IOException {
        Path p = dir.resolve(entryName).normalize();
        if (!p.startsWith(dir)) {
            throw new IOException("archive entry outside its folder: " + entryName);
        }
        return p;
    }

    static Set<PosixFilePermission> permissions(int mode) {
        Set<PosixFilePermission> s = EnumSet.noneOf(PosixFilePermission.class);
        PosixFilePermission[] bits = PosixFilePermission.values(); // OWNER_READ .. OTHERS_EXECUTE, high bit first
        for (int i = 0; i < bits.length; i++) {
            if ((mode & (1 << (8 - i))) != 0) {
                s.add(bits[i]);
            }
        }
        s.add(PosixFilePermission.OWNER_READ);
        s.add(PosixFilePermission.OWNER_WRITE); // so the cache can always be deleted
        return s;
    }

    private static InputStream classPathArchive() {
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        String system = os.startsWith("windows") ? "Windows" : os.startsWith("mac") ? "Darwin" : "Linux";
        String arch = System.getProperty("os.arch");
        try { // zonky's own rules (EmbeddedPostgres.getOS / getArchitecture), so the digest and folder are the same
            return DefaultPostgresBinaryResolver.INSTANCE.getPgBinary(system, "amd64".equals(arch) ? "x86_64" : arch);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the PostgreSQL binaries archive from the class path", e);
        }
    }
}
