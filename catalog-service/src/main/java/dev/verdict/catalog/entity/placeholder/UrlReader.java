package dev.verdict.catalog.entity.placeholder;

import jakarta.enterprise.context.ApplicationScoped;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Reads placeholder URLs: only http(s) URLs whose host is on {@link ReadingConfig#allow()}, within a timeout and a
 * size cap, no redirects (a redirect could leave the allow-list).
 */
@ApplicationScoped
public class UrlReader {

    private final List<String> allow;
    private final Duration timeout;
    private final long maxBytes;
    private final Duration refreshBudget;
    private final HttpClient http;

    @jakarta.inject.Inject
    public UrlReader(ReadingConfig config) {
        this(config.allow().orElse(List.of()), config.timeout(), config.maxBytes(), config.refreshBudget());
    }

    public UrlReader(List<String> allow, Duration timeout, long maxBytes) {
        this(allow, timeout, maxBytes, Duration.ofSeconds(60));
    }

    public UrlReader(List<String> allow, Duration timeout, long maxBytes, Duration refreshBudget) {
        this.allow = allow.stream().map(String::trim).filter(s -> !s.isEmpty()).toList();
        this.timeout = timeout;
        this.maxBytes = maxBytes;
        this.refreshBudget = refreshBudget;
        this.http = HttpClient.newBuilder()
                .connectTimeout(timeout)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    public static boolean isUrl(String target) {
        String t = target.toLowerCase(Locale.ROOT);
        return t.startsWith("http://") || t.startsWith("https://");
    }

    public long maxBytes() {
        return maxBytes;
    }

    /** When the URL reads of a refresh starting now must be done ({@link ReadingConfig#refreshBudget()}). */
    public Instant refreshDeadline() {
        return Instant.now().plus(refreshBudget);
    }

    public PlaceholderResolver.Read read(String target) throws PlaceholderResolver.UnreadableException {
        return read(target, null);
    }

    /**
     * Reads {@code target} within the read timeout, and before {@code deadline} when one is given (the refresh's
     * budget for all its URL reads together).
     */
    public PlaceholderResolver.Read read(String target, Instant deadline)
            throws PlaceholderResolver.UnreadableException {
        Duration timeout = this.timeout;
        if (deadline != null) {
            Duration left = Duration.between(Instant.now(), deadline);
            if (left.toMillis() <= 0) {
                throw new PlaceholderResolver.UnreadableException("not read: this refresh's URL reads took their whole"
                        + " budget (verdict.catalog.reading.refresh-budget = " + refreshBudget.toSeconds()
                        + " s); the file is read again on the next refresh");
            }
            if (left.compareTo(timeout) < 0) {
                timeout = left;
            }
        }
        URI uri;
        try {
            uri = URI.create(target);
        } catch (IllegalArgumentException e) {
            throw new PlaceholderResolver.UnreadableException("not a valid URL");
        }
        if (!allowed(uri, allow)) {
            throw new PlaceholderResolver.UnreadableException("host " + hostPort(uri)
                    + " is not on the reading allow-list (verdict.catalog.reading.allow"
                    + (allow.isEmpty() ? ", which is empty" : " = " + allow) + ")");
        }
        // One deadline for headers and body together, and a body cap enforced while it streams in: a slow or
        // endless answer costs at most the timeout and maxBytes.
        var future = http.sendAsync(
                HttpRequest.newBuilder(contentUrl(uri)).timeout(timeout).GET().build(),
                info -> capped(info.statusCode()));
        HttpResponse<byte[]> res;
        try {
            res = future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            future.cancel(true);
            throw new PlaceholderResolver.UnreadableException("no answer within " + timeout.toMillis() + " ms");
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            if (c instanceof TooLarge) {
                throw new PlaceholderResolver.UnreadableException("larger than " + maxBytes + " bytes");
            }
            if (c instanceof HttpTimeoutException) {
                throw new PlaceholderResolver.UnreadableException("no answer within " + timeout.toMillis() + " ms");
            }
            throw new PlaceholderResolver.UnreadableException(
                    c.getClass().getSimpleName() + (c.getMessage() == null ? "" : ": " + c.getMessage()));
        } catch (InterruptedException e) {
            future.cancel(true);
            Thread.currentThread().interrupt();
            throw new PlaceholderResolver.UnreadableException("interrupted");
        }
        if (res.statusCode() != 200) {
            throw new PlaceholderResolver.UnreadableException("HTTP " + res.statusCode());
        }
        return new PlaceholderResolver.Read(target, null, res.body());
    }

    /**
     * Where a file's content is read from. A github.com page of a file ({@code /owner/repo/blob/ref/path}, as
     * Backstage's examples write their {@code $text} URLs) is read from raw.githubusercontent.com, as Backstage's GitHub
     * integration does; the allow-list is checked against the URL as written. As there, the ref is the first segment
     * after {@code blob}, so a branch name with a slash must be written as a commit or tag. Other URLs are read as
     * they are.
     */
    static URI contentUrl(URI uri) {
        if (!"https".equalsIgnoreCase(uri.getScheme())
                || !"github.com".equalsIgnoreCase(uri.getHost())
                || uri.getPort() >= 0
                || uri.getRawPath() == null) {
            return uri;
        }
        String[] seg = uri.getRawPath().split("/", 6); // "", owner, repo, blob, ref, path
        if (seg.length < 6
                || !seg[3].equals("blob")
                || seg[1].isEmpty()
                || seg[2].isEmpty()
                || seg[4].isEmpty()
                || seg[5].isEmpty()) {
            return uri;
        }
        return URI.create("https://raw.githubusercontent.com/" + seg[1] + "/" + seg[2] + "/" + seg[4] + "/" + seg[5]);
    }

    private static final class TooLarge extends IOException {
        TooLarge() {
            super("body over the size cap");
        }
    }

    /** Collects the body, failing (and cancelling the transfer) as soon as it passes {@link #maxBytes}. */
    private HttpResponse.BodySubscriber<byte[]> capped(int status) {
        if (status != 200) {
            return HttpResponse.BodySubscribers.replacing(new byte[0]);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        CompletableFuture<byte[]> result = new CompletableFuture<>();
        return new HttpResponse.BodySubscriber<>() {
            private Flow.Subscription subscription;

            @Override
            public java.util.concurrent.CompletionStage<byte[]> getBody() {
                return result;
            }

            @Override
            public void onSubscribe(Flow.Subscription s) {
                subscription = s;
                s.request(Long.MAX_VALUE);
            }

            @Override
            public void onNext(List<ByteBuffer> buffers) {
                for (ByteBuffer b : buffers) {
                    if (out.size() + b.remaining() > maxBytes) {
                        subscription.cancel();
                        result.completeExceptionally(new TooLarge());
                        return;
                    }
                    byte[] chunk = new byte[b.remaining()];
                    b.get(chunk);
                    out.write(chunk, 0, chunk.length);
                }
            }

            @Override
            public void onError(Throwable t) {
                result.completeExceptionally(t);
            }

            @Override
            public void onComplete() {
                result.complete(out.toByteArray());
            }
        };
    }

    /**
     * Whether {@code uri} is an http(s) URL that one of the allow-list's entries admits, as Backstage's
     * {@code backend.reading.allow}: the host (case-insensitive; {@code *.domain} for subdomains only), the port
     * (none written: the scheme's default only; {@code host:8000-9000} for a range) and an optional path prefix
     * (case-sensitive). A path that could step out of its prefix once decoded ({@code ..}, {@code %2e}, {@code %2f},
     * {@code ;}) is never admitted.
     */
    static boolean allowed(URI uri, List<String> allow) {
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null) {
            return false;
        }
        String host = uri.getHost().toLowerCase(Locale.ROOT);
        int defaultPort = scheme.equals("https") ? 443 : 80;
        int port = uri.getPort() >= 0 ? uri.getPort() : defaultPort;
        String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
        String lowerPath = path.toLowerCase(Locale.ROOT);
        if (lowerPath.contains("%2e")
                || lowerPath.contains("%2f")
                || lowerPath.contains("%5c")
                || path.contains(";")
                || path.contains("\\")
                || ("/" + path + "/").contains("/../")
                || ("/" + path + "/").contains("/./")) {
            return false;
        }
        for (String entry : allow) {
            int slash = entry.indexOf('/');
            String hostPart = (slash < 0 ? entry : entry.substring(0, slash)).toLowerCase(Locale.ROOT);
            String pathPrefix = slash < 0 ? null : entry.substring(slash);
            String entryHost = hostPart;
            int lowPort = defaultPort;
            int highPort = defaultPort;
            int colon = hostPart.lastIndexOf(':');
            if (colon > 0 && !hostPart.endsWith("]")) {
                entryHost = hostPart.substring(0, colon);
                String ports = hostPart.substring(colon + 1);
                int dash = ports.indexOf('-');
                try {
                    lowPort = Integer.parseInt(dash < 0 ? ports : ports.substring(0, dash));
                    highPort = dash < 0 ? lowPort : Integer.parseInt(ports.substring(dash + 1));
                } catch (NumberFormatException ignored) {
                    continue;
                }
            }
            if (entryHost.startsWith("[") && entryHost.endsWith("]")) {
                entryHost = entryHost.substring(1, entryHost.length() - 1);
            }
            String h = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
            boolean hostOk = entryHost.startsWith("*.") ? h.endsWith(entryHost.substring(1)) : h.equals(entryHost);
            if (hostOk && port >= lowPort && port <= highPort && (pathPrefix == null || path.startsWith(pathPrefix))) {
                return true;
            }
        }
        return false;
    }

    private static String hostPort(URI uri) {
        return uri.getHost() + (uri.getPort() >= 0 ? ":" + uri.getPort() : "");
    }
}
