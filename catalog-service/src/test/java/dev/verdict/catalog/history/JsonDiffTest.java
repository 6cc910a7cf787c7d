package dev.verdict.catalog.history;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.verdict.catalog.history.service.JsonDiff;
import org.junit.jupiter.api.Test;

class JsonDiffTest {

    private final ObjectMapper m = new ObjectMapper();

    @Test
    void reportsAddsRemovesAndReplacesWithOldValues() throws Exception {
        var before = m.readTree(
                "{\"metadata\":{\"name\":\"a\",\"tags\":[\"x\",\"y\",\"z\"],\"a/b\":1},\"spec\":{\"owner\":\"t1\"}}");
        var after = m.readTree(
                "{\"metadata\":{\"name\":\"a\",\"tags\":[\"x\",\"q\"],\"title\":\"A\"},\"spec\":{\"owner\":\"t2\"}}");
        assertEquals(m.readTree("""
                [{"op":"remove","path":"/metadata/a~1b","oldValue":1},
                 {"op":"replace","path":"/metadata/tags/1","value":"q","oldValue":"y"},
                 {"op":"remove","path":"/metadata/tags/2","oldValue":"z"},
                 {"op":"add","path":"/metadata/title","value":"A"},
                 {"op":"replace","path":"/spec/owner","value":"t2","oldValue":"t1"}]
                """), JsonDiff.diff(before, after));
    }

    @Test
    void creationAndDeletionAreWholeDocumentOps() throws Exception {
        var doc = m.readTree("{\"a\":1}");
        assertEquals(m.readTree("[{\"op\":\"add\",\"path\":\"\",\"value\":{\"a\":1}}]"), JsonDiff.diff(null, doc));
        assertEquals(
                m.readTree("[{\"op\":\"remove\",\"path\":\"\",\"oldValue\":{\"a\":1}}]"), JsonDiff.diff(doc, null));
        assertEquals(0, JsonDiff.diff(doc, doc.deepCopy()).size());
    }
}
