package org.collectiveloss.data;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits one line of delimited text into fields, honouring quotes. CSV quoting: double quotes, a doubled quote
 * inside stands for one. ARFF quoting: single or double quotes, backslash escapes inside. Fields are trimmed and
 * returned with their quotes, so a caller can tell the missing marker {@code ?} from a quoted {@code '?'}.
 * A quoted field cannot span lines.
 */
final class Fields {

    private Fields() {
    }

    /**
     * The fields of {@code line}, trimmed, quotes kept.
     *
     * @throws IllegalArgumentException for a quote that is not closed on the line
     */
    static List<String> split(String line, char delimiter, boolean arff) {
        List<String> fields = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        char quote = 0;
        int quoteStart = -1;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quote != 0) {
                field.append(c);
                if (arff && c == '\\' && i + 1 < line.length()) {
                    field.append(line.charAt(++i));
                } else if (c == quote) {
                    if (!arff && i + 1 < line.length() && line.charAt(i + 1) == quote) {
                        field.append(line.charAt(++i));
                    } else {
                        quote = 0;
                    }
                }
            } else if (c == delimiter) {
                fields.add(field.toString().trim());
                field.setLength(0);
            } else {
                if ((c == '"' || (arff && c == '\'')) && field.toString().isBlank()) {
                    quote = c;
                    quoteStart = i;
                    field.setLength(0);
                }
                field.append(c);
            }
        }
        if (quote != 0) {
            throw new IllegalArgumentException("the quote " + quote + " opened at character " + (quoteStart + 1)
                + " is not closed on this line");
        }
        fields.add(field.toString().trim());
        return fields;
    }

    /** Whether a field returned by {@link #split} was quoted. */
    static boolean isQuoted(String field) {
        return field.length() >= 2 && (field.charAt(0) == '"' || field.charAt(0) == '\'')
            && field.charAt(field.length() - 1) == field.charAt(0);
    }

    /** The text of a field without its quotes and escapes. */
    static String unquote(String field, boolean arff) {
        if (!isQuoted(field)) {
            return field;
        }
        char quote = field.charAt(0);
        String inner = field.substring(1, field.length() - 1);
        StringBuilder out = new StringBuilder(inner.length());
        for (int i = 0; i < inner.length(); i++) {
            char c = inner.charAt(i);
            if (arff && c == '\\' && i + 1 < inner.length()) {
                char next = inner.charAt(++i);
                out.append(switch (next) {
                    case 'n' -> '\n';
                    case 't' -> '\t';
                    case 'r' -> '\r';
                    default -> next;
                });
            } else if (!arff && c == quote && i + 1 < inner.length() && inner.charAt(i + 1) == quote) {
                out.append(quote);
                i++;
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }
}
