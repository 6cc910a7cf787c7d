package dev.verdict.runtime.secrets;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Looks for credentials in text that must never hold one (logs, error bodies, events, git history): signed JWTs
 * (access, refresh and ID tokens), bearer headers, and every password and client secret of the realm file. A
 * finding names the source and the kind, with the value masked, so the report itself leaks nothing. The tests'
 * scans (libs/testing) and the launcher's scan of the stack's logs after a fault run or a soak share it.
 */
public final class SecretScan {

    /** Three base64url parts, the first two JSON objects: a JWS compact serialization. */
    private static final Pattern JWT =
            Pattern.compile("eyJ[A-Za-z0-9_-]{8,}\\.eyJ[A-Za-z0-9_-]{8,}\\.[A-Za-z0-9_-]{16,}");

    private static final Pattern BEARER = Pattern.compile("(?i)bearer\\s+[A-Za-z0-9._~+/-]{20,}=*");

    private final Set<String> secrets;

    private SecretScan(Set<String> secrets) {
        this.secrets = Set.copyOf(secrets);
    }

    /** A scan for tokens and for the passwords and client secrets of {@code realm} (a Keycloak realm export). */
    public static SecretScan of(JsonNode realm) {
        Set<String> secrets = new TreeSet<>();
        for (JsonNode user : realm.path("users")) {
            for (JsonNode c : user.path("credentials")) {
                addIfSpecific(secrets, c.path("value").asText(""));
            }
        }
        for (JsonNode client : realm.path("clients")) {
            addIfSpecific(secrets, client.path("secret").asText(""));
        }
        return new SecretScan(secrets);
    }

    /** The scan for a realm export file, e.g. {@code infra/keycloak/verdict-realm.json}. */
    public static SecretScan ofRealmFile(Path realmFile) {
        try {
            return of(new ObjectMapper().readTree(Files.readString(realmFile)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** How many known secret values it looks for (besides any token). */
    public int knownSecrets() {
        return secrets.size();
    }

    /** "source: kind at offset N (masked)" for every credential in {@code text}. */
    public List<String> find(String source, String text) {
        List<String> out = new ArrayList<>();
        if (text == null || text.isEmpty()) {
            return out;
        }
        Matcher jwt = JWT.matcher(text);
        while (jwt.find()) {
            out.add(source + ": a signed token (JWT) at offset " + jwt.start() + " (" + mask(jwt.group()) + ")");
        }
        Matcher bearer = BEARER.matcher(text);
        while (bearer.find()) {
            out.add(source + ": a bearer credential at offset " + bearer.start() + " (" + mask(bearer.group()) + ")");
        }
        for (String s : secrets) {
            int i = text.indexOf(s);
            if (i >= 0) {
                out.add(source + ": a password or client secret of the realm at offset " + i + " (" + mask(s) + ")");
            }
        }
        return out;
    }

    /** As {@link #find(String, String)} for a file, read as UTF-8 (bytes that are not UTF-8 are replaced). */
    public List<String> find(Path file) {
        try {
            byte[] bytes = Files.readAllBytes(file);
            return find(file.getFileName().toString(), new String(bytes, java.nio.charset.StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Findings in the files of {@code dir} whose names start with {@code prefix} (e.g. a test run's
     * {@code quarkus-test.log} and its rotated parts); the scanned files are added to {@code scanned}.
     */
    public List<String> findInFiles(Path dir, String prefix, List<Path> scanned) {
        List<String> out = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return out;
        }
        try (var files = Files.list(dir)) {
            for (Path f : files.filter(p -> p.getFileName().toString().startsWith(prefix))
                    .sorted()
                    .toList()) {
                scanned.add(f);
                out.addAll(find(f));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    /** Short values ("admin") are words of ordinary text, not secrets one could spot. */
    private static void addIfSpecific(Set<String> secrets, String value) {
        if (value.length() >= 8) {
            secrets.add(value);
        }
    }

    private static String mask(String s) {
        return s.length() <= 6 ? "***" : s.substring(0, 3) + "…" + s.length() + " chars";
    }
}
