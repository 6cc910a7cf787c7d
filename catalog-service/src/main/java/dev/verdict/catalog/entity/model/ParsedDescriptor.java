package dev.verdict.catalog.entity.model;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * One descriptor of a submission, before validation.
 *
 * @param index 0-based position of the document in the submission
 * @param body the descriptor exactly as written (unknown fields included)
 * @param sourceMap positions of the values in the YAML text (empty for JSON)
 */
public record ParsedDescriptor(int index, ObjectNode body, SourceMap sourceMap) {}
