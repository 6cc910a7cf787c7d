package dev.verdict.ui.shell;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A lazy grid's offset/limit over a keyset-paged list (the catalog's {@code nextCursor}, decisions' {@code next}): page
 * {@code p} is fetched with the cursor page {@code p - 1} returned, so reaching page 200 walks the pages before it
 * once and remembers every cursor; a few pages are cached for the grid's overlapping requests. Nothing ever asks
 * for more than one page at a time, and {@link #rowsFetched()} counts what was asked for.
 */
public final class CursorPager<T> {

    /** One page of the service: its items and the cursor of the next page, or null at the end. */
    public record Page<T>(List<T> items, String next) {}

    public interface Fetcher<T> {
        Page<T> fetch(String cursor, int limit);
    }

    private static final int CACHED_PAGES = 8;

    private final int pageSize;
    private final Fetcher<T> fetcher;
    private final List<String> cursors = new ArrayList<>(); // cursors.get(p): the cursor that fetches page p
    private final Map<Integer, List<T>> cache = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Integer, List<T>> eldest) {
            return size() > CACHED_PAGES;
        }
    };
    private int lastPage = -1; // the last page, once a page came back without a next cursor
    private long rowsFetched;
    private int requests;

    /**
     * The pager of one keyset-paged list endpoint: {@code path} with {@code filter}, {@code limit} and the cursor as
     * {@code cursorParam}; the answer's {@code items}, and the next page's cursor in its {@code nextField}.
     */
    public static CursorPager<com.fasterxml.jackson.databind.JsonNode> of(
            int pageSize,
            dev.verdict.ui.client.ServiceClient service,
            String path,
            Map<String, Object> filter,
            String cursorParam,
            String nextField) {
        Map<String, Object> fixed = new LinkedHashMap<>(filter);
        return new CursorPager<>(pageSize, (cursor, limit) -> {
            Map<String, Object> q = new LinkedHashMap<>(fixed);
            q.put("limit", limit);
            q.put(cursorParam, cursor);
            com.fasterxml.jackson.databind.JsonNode page = service.get(path, q);
            List<com.fasterxml.jackson.databind.JsonNode> items = new ArrayList<>();
            page.path("items").forEach(items::add);
            com.fasterxml.jackson.databind.JsonNode next = page.path(nextField);
            return new Page<>(items, next.isNull() || next.isMissingNode() ? null : next.asText());
        });
    }

    public CursorPager(int pageSize, Fetcher<T> fetcher) {
        this.pageSize = pageSize;
        this.fetcher = fetcher;
        cursors.add(null);
    }

    /** The rows {@code [offset, offset + limit)}, fewer at the end of the list. */
    public synchronized List<T> rows(int offset, int limit) {
        List<T> out = new ArrayList<>(limit);
        int end = offset + limit;
        for (int p = offset / pageSize; p * pageSize < end; p++) {
            List<T> page = page(p);
            if (page == null) {
                break;
            }
            int from = Math.max(0, offset - p * pageSize);
            int to = Math.min(page.size(), end - p * pageSize);
            if (from < to) {
                out.addAll(page.subList(from, to));
            }
            if (page.size() < pageSize) {
                break;
            }
        }
        return out;
    }

    private List<T> page(int p) {
        if (lastPage >= 0 && p > lastPage) {
            return null;
        }
        // walk forward from the last page whose cursor is known; each page fetched adds the next cursor
        for (int q = cursors.size() - 1; q < p; q++) {
            fetch(q);
            if (lastPage >= 0 && q >= lastPage) {
                return null;
            }
        }
        return fetch(p);
    }

    private List<T> fetch(int p) {
        List<T> cached = cache.get(p);
        if (cached != null) {
            return cached;
        }
        Page<T> got = fetcher.fetch(cursors.get(p), pageSize);
        requests++;
        rowsFetched += got.items().size();
        cache.put(p, got.items());
        if (got.next() == null) {
            lastPage = p;
        } else if (cursors.size() == p + 1) {
            cursors.add(got.next());
        }
        return got.items();
    }

    /** Rows fetched from the service so far (the "rows fetched for a scroll to the end"). */
    public synchronized long rowsFetched() {
        return rowsFetched;
    }

    public synchronized int requests() {
        return requests;
    }
}
