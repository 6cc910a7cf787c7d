package dev.verdict.bench;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.verdict.events.canonical.CanonicalJson;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/** The harness' JSON: one configured mapper, atomic file writes, and a JDK-independent content hash. */
public final class Json {

    public static final ObjectMapper MAPPER = new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .setSerializationInclusion(JsonInclude.Include.NON_NULL)
            .enable(SerializationFeature.INDENT_OUTPUT);

    private Json() {}

    /** Writes via a temporary file and an atomic rename, so a reader (or a Ctrl-C) never sees half a file. */
    public static void write(Path file, Object value) {
        try {
            Path parent = file.toAbsolutePath().getParent();
            Files.createDirectories(parent);
            Path tmp = Files.createTempFile(parent, file.getFileName().toString(), ".tmp");
            MAPPER.writeValue(tmp.toFile(), value);
            readable(tmp);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new BenchException(BenchException.RUN_FAILED, "cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    public static void writeText(Path file, String text) {
        try {
            Path parent = file.toAbsolutePath().getParent();
            Files.createDirectories(parent);
            Path tmp = Files.createTempFile(parent, file.getFileName().toString(), ".tmp");
            Files.writeString(tmp, text, StandardCharsets.UTF_8);
            readable(tmp);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new BenchException(BenchException.RUN_FAILED, "cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    /** Temporary files are created owner-only; results and reports are meant to be shared. */
    private static void readable(Path file) throws IOException {
        try {
            Files.setPosixFilePermissions(file, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
        } catch (UnsupportedOperationException notPosix) {
            // keep the file system's default
        }
    }

    /** Reads {@code file} as {@code type}; a missing or malformed file is a {@link BenchException} naming it. */
    public static <T> T read(Path file, Class<T> type, String what) {
        if (!Files.isRegularFile(file)) {
            throw new BenchException(what + " not found: " + file);
        }
        try {
            return MAPPER.readValue(file.toFile(), type);
        } catch (JacksonException e) {
            throw new BenchException("corrupted " + what + " " + file + ": " + describe(e), e);
        } catch (IOException e) {
            throw new BenchException("cannot read " + what + " " + file + ": " + e.getMessage(), e);
        }
    }

    /** "line L, column C: <what the parser says>" without Jackson's source dump. */
    public static String describe(JacksonException e) {
        JsonLocation loc = e.getLocation();
        String msg = e.getOriginalMessage();
        int nl = msg == null ? -1 : msg.indexOf('\n');
        if (nl > 0) {
            msg = msg.substring(0, nl);
        }
        return (loc == null || loc.getLineNr() < 0
                        ? ""
                        : "line " + loc.getLineNr() + ", column " + loc.getColumnNr() + ": ")
                + msg;
    }

    /**
     * SHA-256 (hex) of the canonical form of {@code value} as JSON (libs/events' {@link CanonicalJson}, the same form
     * decision-records checks evidence hashes with): keys sorted, no whitespace, nulls left out, numbers as exact
     * decimals (so the hash does not depend on how a JDK prints doubles: JDK 17 and 19+ differ).
     */
    public static String contentHash(Object value) {
        return CanonicalJson.contentHash(MAPPER.convertValue(value, Object.class));
    }

    public static String sha256Hex(byte[] bytes) {
        return CanonicalJson.sha256Hex(bytes);
    }
}
