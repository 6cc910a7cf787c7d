package dev.verdict.catalog.entity.kinds;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithParentName;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Custom kinds this catalog accepts besides Backstage's built-in ones ({@code verdict.catalog.kinds.<Kind>.*}), as
 * Backstage's {@code catalog.rules} with a processor: {@code verdict.catalog.kinds.Environment.api-versions=
 * backstage.io/v1alpha1} and optionally {@code ...schema=classpath:kinds/environment.schema.json} (or a file path).
 */
@ConfigMapping(prefix = "verdict.catalog.kinds")
public interface KindsConfig {

    @WithParentName
    Map<String, CustomKind> kinds();

    interface CustomKind {
        /** The apiVersions a descriptor of this kind may use. */
        List<String> apiVersions();

        /** A JSON schema (draft 7, as Backstage's) each descriptor of this kind must pass. */
        Optional<String> schema();
    }
}
