package dev.verdict.catalog.entity.service;

/** The request contradicts the catalog's state, e.g. writing an entity a git location manages (409). */
public class ConflictException extends RuntimeException {
    public ConflictException(String message) {
        super(message);
    }
}
