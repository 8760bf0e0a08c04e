package dev.nixinfra.state.local;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.function.Predicate;

/**
 * Writing files so that a reader sees the old content or the new, never a part, whenever the writer dies: the
 * text goes to a temporary file in the same folder, is forced to disk, and is renamed over the target; then the
 * folder is forced so the rename itself survives a power cut. Files are private to the user (0600, folders 0700)
 * where the file system has POSIX permissions, because state holds server addresses and ids.
 */
public final class AtomicFiles {
  /**
   * A temporary file is named {@code .<target name>~<random>.tmp}, so {@link #removeTemporaries} can tell whose
   * it is and never touches another writer's temporary of another file.
   */
  private static final String TEMP_MARK = "~";
  private static final String TEMP_SUFFIX = ".tmp";

  private AtomicFiles() {
  }

  /** Writes {@code text} as UTF-8 to {@code target}, atomically and durably. The folder must exist. */
  public static void write(Path target, String text) throws IOException {
    Path dir = target.toAbsolutePath().getParent();
    Path tmp = Files.createTempFile(dir, "." + target.getFileName() + TEMP_MARK, TEMP_SUFFIX,
        privateFile(dir));
    boolean moved = false;
    try {
      try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
        ByteBuffer bytes = ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
        while (bytes.hasRemaining()) {
          ch.write(bytes);
        }
        ch.force(true);
      }
      Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      moved = true;
      forceFolder(dir);
    } finally {
      if (!moved) {
        Files.deleteIfExists(tmp);
      }
    }
  }

  /**
   * Deletes temporary files that writers killed mid-write left in {@code dir} for the targets whose file names
   * {@code targets} accepts. They are never read, so they do no harm but take space. Call this only while no other
   * writer can be writing those targets.
   */
  static void removeTemporaries(Path dir, Predicate<String> targets) throws IOException {
    if (!Files.isDirectory(dir)) {
      return;
    }
    try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
      for (Path p : files) {
        String name = p.getFileName().toString();
        int mark = name.lastIndexOf(TEMP_MARK);
        if (name.startsWith(".") && name.endsWith(TEMP_SUFFIX) && mark > 1
            && targets.test(name.substring(1, mark))) {
          Files.deleteIfExists(p);
        }
      }
    }
  }

  /** Creates {@code dir} and its parents as needed; folders created are private (0700). */
  public static void createFolder(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      Path existing = dir.toAbsolutePath();
      while (existing.getParent() != null && !Files.exists(existing)) {
        existing = existing.getParent();
      }
      Files.createDirectories(dir, posix(existing)
          ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------"))}
          : new FileAttribute<?>[0]);
    }
  }

  /** The attributes that make a new file in {@code dir} private (0600), or none where POSIX modes do not exist. */
  static FileAttribute<?>[] privateFile(Path dir) {
    return posix(dir)
        ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"))}
        : new FileAttribute<?>[0];
  }

  private static boolean posix(Path p) {
    return p.getFileSystem().supportedFileAttributeViews().contains("posix");
  }

  private static void forceFolder(Path dir) {
    try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
      ch.force(true);
    } catch (IOException e) {
      // Some file systems refuse to open or fsync a folder. The rename is atomic all the same; only its
      // durability across a power cut is then up to the file system.
    }
  }
}
