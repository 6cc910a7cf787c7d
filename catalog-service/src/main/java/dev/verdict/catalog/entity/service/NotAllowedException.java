package dev.verdict.catalog.entity.service;

/** The caller is authenticated and has the role, but not the ownership this action needs (403). */
public class NotAllowedException extends RuntimeException {
    public NotAllowedException(String message) {
        super(message);
    }
}
