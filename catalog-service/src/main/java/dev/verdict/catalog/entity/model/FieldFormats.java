package dev.verdict.catalog.entity.model;

import java.util.regex.Pattern;

/**
 * Backstage's field format rules ({@code KubernetesValidatorFunctions} / {@code FieldFormatEntityPolicy}),
 * so a descriptor valid here is valid in Backstage and vice versa.
 */
public final class FieldFormats {

    /** Runs of [a-zA-Z0-9] separated by single -, _ or . characters. */
    private static final Pattern OBJECT_NAME = Pattern.compile("^([A-Za-z0-9]+[-_.])*[A-Za-z0-9]+$");
    /** A DNS label: lower-case alphanumeric runs separated by dashes. */
    private static final Pattern DNS_LABEL = Pattern.compile("^[a-z0-9]+(?:-+[a-z0-9]+)*$");

    private static final Pattern TAG = Pattern.compile("^[a-z0-9:+#]+(-[a-z0-9:+#]+)*$");

    private FieldFormats() {}

    public static boolean isValidObjectName(String v) {
        return v != null
                && v.length() >= 1
                && v.length() <= 63
                && OBJECT_NAME.matcher(v).matches();
    }

    public static boolean isValidNamespace(String v) {
        return isValidDnsLabel(v);
    }

    public static boolean isValidDnsLabel(String v) {
        return v != null
                && v.length() >= 1
                && v.length() <= 63
                && DNS_LABEL.matcher(v).matches();
    }

    /** A DNS subdomain: dot-separated DNS labels, at most 253 characters. */
    public static boolean isValidDnsSubdomain(String v) {
        if (v == null || v.isEmpty() || v.length() > 253) {
            return false;
        }
        for (String label : v.split("\\.", -1)) {
            if (!isValidDnsLabel(label)) {
                return false;
            }
        }
        return true;
    }

    public static boolean isValidTag(String v) {
        return v != null
                && v.length() >= 1
                && v.length() <= 63
                && TAG.matcher(v).matches();
    }

    /** {@code [prefix/]name} where prefix is a DNS subdomain and name an object name (labels and annotations). */
    public static boolean isValidPrefixedKey(String v) {
        if (v == null) {
            return false;
        }
        int slash = v.indexOf('/');
        if (slash < 0) {
            return isValidObjectName(v);
        }
        if (v.indexOf('/', slash + 1) >= 0) {
            return false;
        }
        return isValidDnsSubdomain(v.substring(0, slash)) && isValidObjectName(v.substring(slash + 1));
    }

    public static boolean isValidLabelValue(String v) {
        return v != null && (v.isEmpty() || isValidObjectName(v));
    }
}
