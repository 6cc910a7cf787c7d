package dev.verdict.catalog.testsupport;

import io.restassured.RestAssured;
import io.restassured.config.EncoderConfig;
import io.restassured.http.ContentType;

/** Descriptor YAML that several test classes submit, and the RestAssured setting they need to submit it. */
public final class Descriptors {

    private Descriptors() {}

    /** A minimal valid production service component. */
    public static String component(String name, String owner) {
        return """
                apiVersion: backstage.io/v1alpha1
                kind: Component
                metadata:
                  name: %s
                spec:
                  type: service
                  lifecycle: production
                  owner: %s
                """.formatted(name, owner);
    }

    /** RestAssured sends String bodies of unknown content types (application/yaml) only if told they are text. */
    public static void sendYamlAsText() {
        RestAssured.config = RestAssured.config()
                .encoderConfig(EncoderConfig.encoderConfig().encodeContentTypeAs("application/yaml", ContentType.TEXT));
    }
}
