package dev.verdict.ui.shell;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class CursorPagerTest {

    /** A keyset-paged list of 0..n-1: the cursor is the last item's number, as text. */
    static final class Service implements CursorPager.Fetcher<Integer> {
        final int n;
        final List<String> asked = new ArrayList<>();

        Service(int n) {
            this.n = n;
        }

        @Override
        public CursorPager.Page<Integer> fetch(String cursor, int limit) {
            asked.add(cursor);
            int from = cursor == null ? 0 : Integer.parseInt(cursor) + 1;
            List<Integer> items =
                    IntStream.range(from, Math.min(n, from + limit)).boxed().toList();
            boolean more = from + limit < n;
            return new CursorPager.Page<>(items, more ? Integer.toString(from + limit - 1) : null);
        }
    }

    @Test
    void rows_at_any_offset_are_the_lists_rows_fetched_one_page_at_a_time() {
        Service s = new Service(1234);
        CursorPager<Integer> p = new CursorPager<>(50, s);

        assertThat(p.rows(0, 50))
                .containsExactlyElementsOf(IntStream.range(0, 50).boxed().toList());
        assertThat(p.rows(75, 50))
                .containsExactlyElementsOf(IntStream.range(75, 125).boxed().toList());
        assertThat(p.rows(1200, 100))
                .containsExactlyElementsOf(IntStream.range(1200, 1234).boxed().toList());
        assertThat(p.rows(1234, 50)).isEmpty();
        assertThat(p.rows(5000, 50)).isEmpty();
        // the walk to the end asked for each page once, with the cursor the page before gave
        assertThat(p.requests()).isEqualTo(25);
        assertThat(p.rowsFetched()).isEqualTo(1234);
    }

    @Test
    void a_page_whose_cursor_is_known_is_fetched_directly_even_after_it_left_the_cache() {
        Service s = new Service(1000);
        CursorPager<Integer> p = new CursorPager<>(50, s);
        p.rows(950, 50); // walks all 20 pages
        s.asked.clear();

        assertThat(p.rows(100, 10)).containsExactly(100, 101, 102, 103, 104, 105, 106, 107, 108, 109);
        assertThat(s.asked).containsExactly("99");
    }

    @Test
    void an_empty_list_is_one_request() {
        Service s = new Service(0);
        CursorPager<Integer> p = new CursorPager<>(50, s);

        assertThat(p.rows(0, 50)).isEmpty();
        assertThat(p.rows(50, 50)).isEmpty();
        assertThat(p.requests()).isEqualTo(1);
    }
}
