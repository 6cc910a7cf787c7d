package dev.verdict.launcher.soak;

import java.net.CookieHandler;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The cookie jar of a browser on the local stack. Keycloak marks its login cookies {@code Secure}; browsers send
 * those to {@code http://localhost} (a trustworthy origin), the JDK's {@code CookieManager} does not, and the login
 * form is then refused ("cookie not found"). Values are kept byte for byte (the JDK's parser strips the quotes of
 * {@code KC_AUTH_SESSION_HASH}). Only name, value, path and deletion ({@code Max-Age=0}) matter here: one session,
 * minutes long, on the loopback interface.
 */
final class LoopbackCookies extends CookieHandler {

    private record Cookie(String host, String path, String name, String value) {}

    private final Map<String, Cookie> jar = new ConcurrentHashMap<>();

    @Override
    public Map<String, List<String>> get(URI uri, Map<String, List<String>> requestHeaders) {
        String path = uri.getPath() == null || uri.getPath().isEmpty() ? "/" : uri.getPath();
        List<String> pairs = new ArrayList<>();
        for (Cookie c : jar.values()) {
            if (c.host().equalsIgnoreCase(uri.getHost()) && path.startsWith(c.path())) {
                pairs.add(c.name() + "=" + c.value());
            }
        }
        return pairs.isEmpty() ? Map.of() : Map.of("Cookie", List.of(String.join("; ", pairs)));
    }

    @Override
    public void put(URI uri, Map<String, List<String>> responseHeaders) {
        responseHeaders.forEach((header, values) -> {
            if (header != null && header.equalsIgnoreCase("Set-Cookie")) {
                values.forEach(v -> store(uri, v));
            }
        });
    }

    private void store(URI uri, String setCookie) {
        String[] parts = setCookie.split(";");
        int eq = parts[0].indexOf('=');
        if (eq <= 0) {
            return;
        }
        String name = parts[0].substring(0, eq).trim();
        String value = parts[0].substring(eq + 1).trim();
        String path = "/";
        boolean delete = false;
        for (int i = 1; i < parts.length; i++) {
            String a = parts[i].trim();
            String lower = a.toLowerCase(Locale.ROOT);
            if (lower.startsWith("path=")) {
                path = a.substring(5).trim();
            } else if (lower.equals("max-age=0") || lower.startsWith("expires=thu, 01 jan 1970")) {
                delete = true;
            }
        }
        String key = uri.getHost() + "|" + path + "|" + name;
        if (delete) {
            jar.remove(key);
        } else {
            jar.put(key, new Cookie(uri.getHost(), path, name, value));
        }
    }
}
