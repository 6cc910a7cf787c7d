package dev.verdict.catalog.location.git;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * A location URL split into what may be shown and what must not: credentials written into the URL
 * ({@code https://user:token@host/repo.git}) are handed to git as credentials and never appear in errors, logs,
 * annotations or API output, which all use {@link #display()}.
 *
 * @param display  the URL with its user info replaced by {@code ***} (unchanged when it had none)
 * @param bare     the URL without user info: what git connects to
 * @param user     the user name from the URL, or null
 * @param password the password (or token) from the URL, or null
 */
public record RemoteUrl(String display, String bare, String user, String password) {

    /** {@code scheme://userinfo@} anywhere in a text, e.g. inside a library's error message. */
    private static final Pattern USER_INFO = Pattern.compile("(?i)\\b([a-z][a-z0-9+.-]*://)[^/\\s@]+@");

    public static RemoteUrl parse(String url) {
        try {
            URI uri = new URI(url);
            String userInfo = uri.getRawUserInfo();
            if (userInfo == null || uri.getHost() == null) {
                return new RemoteUrl(url, url, null, null);
            }
            String scheme = uri.getScheme();
            String rest = url.substring(url.indexOf('@', scheme.length() + 3) + 1);
            String prefix = scheme + "://";
            int colon = userInfo.indexOf(':');
            String user = decode(colon < 0 ? userInfo : userInfo.substring(0, colon));
            String password = colon < 0 ? null : decode(userInfo.substring(colon + 1));
            return new RemoteUrl(prefix + "***@" + rest, prefix + rest, user, password);
        } catch (URISyntaxException | IllegalArgumentException e) {
            // Not a URI we understand: show it only with anything that looks like credentials removed.
            String scrubbed = scrubUserInfo(url);
            return new RemoteUrl(scrubbed, url, null, null);
        }
    }

    public boolean hasCredentials() {
        return user != null;
    }

    /** Removes this URL's credentials (raw and decoded) and any other {@code scheme://userinfo@} from a text. */
    public String scrub(String text) {
        if (text == null) {
            return null;
        }
        String out = text;
        // A user name alone is often the token itself (https://TOKEN@host/...).
        String secret = password != null ? password : user;
        if (secret != null && !secret.isEmpty()) {
            out = out.replace(secret, "***");
        }
        return scrubUserInfo(out);
    }

    static String scrubUserInfo(String text) {
        return USER_INFO.matcher(text).replaceAll("$1***@");
    }

    public boolean isHttp() {
        String lower = bare.toLowerCase(Locale.ROOT);
        return lower.startsWith("http://") || lower.startsWith("https://");
    }

    private static String decode(String s) {
        return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return display;
    }
}
