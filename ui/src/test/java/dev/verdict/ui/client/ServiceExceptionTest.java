package dev.verdict.ui.client;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class ServiceExceptionTest {

    @Test
    void a_problem_with_violations_reads_as_document_line_column_path_and_message() throws Exception {
        var problem = new ObjectMapper().readTree("""
                {"type": "https://verdict.dev/problems/invalid-descriptor", "title": "Invalid descriptor", "status": 422,
                 "detail": "1 document breaks catalog rules; nothing was stored",
                 "violations": [{"path": "/spec/owner", "document": 1, "line": 8, "column": 3, "message": "is required"},
                                {"path": "/metadata/name", "message": "must match [a-z0-9-]"}]}
                """);

        ServiceException e = new ServiceException("catalog-service", 422, problem);

        assertThat(e.status()).isEqualTo(422);
        assertThat(e.describe()).isEqualTo("Invalid descriptor: 1 document breaks catalog rules; nothing was stored");
        assertThat(e.violations())
                .extracting(ServiceException.Violation::describe)
                .containsExactly(
                        "document 1, line 8, column 3: /spec/owner: is required",
                        "/metadata/name: must match [a-z0-9-]");
    }

    @Test
    void an_unreachable_service_says_so() {
        ServiceException e =
                new ServiceException("deploy-orchestrator", new java.net.ConnectException("Connection refused"));

        assertThat(e.status()).isZero();
        assertThat(e.describe()).isEqualTo("deploy-orchestrator is not reachable: Connection refused");
    }
}
