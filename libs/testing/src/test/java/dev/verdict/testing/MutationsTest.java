package dev.verdict.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

class MutationsTest {

    static final String TEXT =
            "apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata:\n  name: a\u00e9\uD83D\uDE00b\n  title: x";

    @Test
    void theSameSeedGivesTheSameMutantAndItSaysWhatWasDone() {
        Mutations.Mutant a = Mutations.mutate(TEXT, 42);
        assertThat(Mutations.mutate(TEXT, 42)).isEqualTo(a);
        assertThat(a.description()).startsWith("seed 42: ");
    }

    @Test
    void everyOperatorChangesTheTextAndNeverSplitsASurrogatePair() {
        for (Mutations.Operator op : Mutations.Operator.values()) {
            int changed = 0;
            for (long seed = 0; seed < 200; seed++) {
                Mutations.Mutant m = Mutations.apply(op, TEXT, new Random(seed));
                changed += m.text().equals(TEXT) ? 0 : 1;
                for (int i = 0; i < m.text().length(); i++) {
                    char c = m.text().charAt(i);
                    if (Character.isHighSurrogate(c)) {
                        assertThat(i + 1 < m.text().length()
                                        && Character.isLowSurrogate(m.text().charAt(i + 1)))
                                .as(op + " " + m.description())
                                .isTrue();
                    } else if (Character.isLowSurrogate(c)) {
                        assertThat(i > 0 && Character.isHighSurrogate(m.text().charAt(i - 1)))
                                .as(op + " " + m.description())
                                .isTrue();
                    }
                }
            }
            // a swap of a line with itself, or a dedent of an unindented line (2 of 5 lines here are), leaves the
            // text as it was
            assertThat(changed).as(op.name()).isGreaterThan(40);
        }
    }

    @Test
    void linesAreCountedAsAnEditorDoes() {
        assertThat(Mutations.lineCount("")).isEqualTo(1);
        assertThat(Mutations.lineCount("a\nb")).isEqualTo(2);
        assertThat(Mutations.lineCount("a\nb\n")).isEqualTo(3);
    }
}
