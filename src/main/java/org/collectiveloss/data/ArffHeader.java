package org.collectiveloss.data;

import java.io.BufferedReader;
import java.io.EOFException;
import java.io.IOException;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.zip.ZipException;

/**
 * The header of an ARFF file: its attributes in order and the line of {@code @data}. Read in the driver, which
 * reads only up to {@code @data}; the rows are read by Spark.
 */
final class ArffHeader implements Serializable {

    private static final long serialVersionUID = 1L;

    /** Attribute types of the ARFF format. */
    enum Type { NUMERIC, NOMINAL, STRING, DATE, RELATIONAL }

    /**
     * One {@code @attribute} line.
     *
     * @param name   attribute name without quotes
     * @param type   its type
     * @param values declared values of a nominal attribute, in order; empty otherwise
     * @param line   1-based line of the declaration
     */
    record Attribute(String name, Type type, List<String> values, long line) implements Serializable {
    }

    final List<Attribute> attributes;
    /** 1-based line number of the {@code @data} line; rows follow it. */
    final long dataLine;

    private ArffHeader(List<Attribute> attributes, long dataLine) {
        this.attributes = List.copyOf(attributes);
        this.dataLine = dataLine;
    }

    /**
     * Reads the header of {@code file} from {@code reader}, which is left just after {@code @data}.
     *
     * @throws DataFormatException for an empty file, a malformed declaration or a missing {@code @data}
     */
    static ArffHeader read(String file, BufferedReader reader) {
        List<Attribute> attributes = new ArrayList<>();
        long lineNo = 0;
        boolean anyContent = false;
        try {
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                lineNo++;
                String t = line.strip();
                if (t.isEmpty() || t.startsWith("%")) {
                    continue;
                }
                anyContent = true;
                String lower = t.toLowerCase(Locale.ROOT);
                if (lower.startsWith("@relation")) {
                    continue;
                }
                if (lower.startsWith("@attribute")) {
                    attributes.add(attribute(file, lineNo, t.substring("@attribute".length()).strip()));
                } else if (lower.startsWith("@data")) {
                    if (attributes.isEmpty()) {
                        throw DataFormatException.atLine(file, lineNo, "@data comes before any @attribute line.",
                            "declare every column with an @attribute line before @data.");
                    }
                    return new ArffHeader(attributes, lineNo);
                } else {
                    throw DataFormatException.atLine(file, lineNo, "expected @relation, @attribute or @data in "
                        + "the header, found '" + abbreviate(t) + "'.",
                        "correct the header; ARFF comments start with %.");
                }
            }
        } catch (EOFException | ZipException e) {
            throw DataFormatException.atLine(file, lineNo + 1, "the gzip stream is truncated or corrupt inside "
                + "the header (" + e.getMessage() + ").", "fetch the file again, or check it with 'gzip -t'.");
        } catch (IOException e) {
            throw DataFormatException.inFile(file, "cannot be read: " + e, "check the path and permissions.");
        }
        if (!anyContent) {
            throw DataFormatException.inFile(file, "the file is empty (no header, no data).",
                "the file was not copied completely: fetch it again, or point the registry at the right file.");
        }
        throw DataFormatException.atLine(file, lineNo, "the file ends without an @data line.",
            "an ARFF file needs '@data' after its @attribute lines; check that this is an ARFF file.");
    }

    private static Attribute attribute(String file, long line, String rest) {
        String name;
        String type;
        if (rest.startsWith("'") || rest.startsWith("\"")) {
            int close = closingQuote(rest);
            if (close < 0) {
                throw DataFormatException.atLine(file, line, "the attribute name's quote is not closed: '"
                    + abbreviate(rest) + "'.", "close the quote around the attribute name.");
            }
            name = Fields.unquote(rest.substring(0, close + 1), true);
            type = rest.substring(close + 1).strip();
        } else {
            int end = 0;
            while (end < rest.length() && !Character.isWhitespace(rest.charAt(end)) && rest.charAt(end) != '{') {
                end++;
            }
            name = rest.substring(0, end);
            type = rest.substring(end).strip();
        }
        if (name.isEmpty() || type.isEmpty()) {
            throw DataFormatException.atLine(file, line, "an @attribute line needs a name and a type, found '"
                + abbreviate(rest) + "'.", "write '@attribute NAME numeric' or '@attribute NAME {v1, v2}'.");
        }
        if (type.startsWith("{")) {
            if (!type.endsWith("}")) {
                throw DataFormatException.atLine(file, line, "the value list of nominal attribute '" + name
                    + "' does not end with '}'.", "close the value list with '}' on the same line.");
            }
            List<String> values = new ArrayList<>();
            try {
                for (String v : Fields.split(type.substring(1, type.length() - 1), ',', true)) {
                    values.add(Fields.unquote(v, true));
                }
            } catch (IllegalArgumentException e) {
                throw DataFormatException.atLine(file, line, "in the values of '" + name + "': " + e.getMessage()
                    + ".", "close the quote.");
            }
            if (values.size() != values.stream().distinct().count() || values.contains("")) {
                throw DataFormatException.atLine(file, line, "nominal attribute '" + name + "' declares an empty"
                    + " or repeated value: " + values + ".", "declare each value once.");
            }
            return new Attribute(name, Type.NOMINAL, values, line);
        }
        String keyword = type.split("\\s+")[0].toLowerCase(Locale.ROOT);
        return switch (keyword) {
            case "numeric", "real", "integer" -> new Attribute(name, Type.NUMERIC, List.of(), line);
            case "string" -> new Attribute(name, Type.STRING, List.of(), line);
            case "date" -> new Attribute(name, Type.DATE, List.of(), line);
            case "relational" -> new Attribute(name, Type.RELATIONAL, List.of(), line);
            default -> throw DataFormatException.atLine(file, line, "attribute '" + name + "' has the unknown "
                + "type '" + type + "'.", "use numeric, real, integer or a nominal list {v1, v2, ...}.");
        };
    }

    private static int closingQuote(String s) {
        char q = s.charAt(0);
        for (int i = 1; i < s.length(); i++) {
            if (s.charAt(i) == '\\') {
                i++;
            } else if (s.charAt(i) == q) {
                return i;
            }
        }
        return -1;
    }

    static String abbreviate(String s) {
        return s.length() <= 60 ? s : s.substring(0, 57) + "...";
    }

    /** The index of the attribute called {@code name}, or -1. */
    int indexOf(String name) {
        for (int i = 0; i < attributes.size(); i++) {
            if (attributes.get(i).name().equals(name)) {
                return i;
            }
        }
        return -1;
    }

    /** Whether {@code other} declares the same attributes (names, types, values) in the same order. */
    boolean sameAttributes(ArffHeader other) {
        if (attributes.size() != other.attributes.size()) {
            return false;
        }
        for (int i = 0; i < attributes.size(); i++) {
            Attribute a = attributes.get(i);
            Attribute b = other.attributes.get(i);
            if (!a.name().equals(b.name()) || a.type() != b.type() || !a.values().equals(b.values())) {
                return false;
            }
        }
        return true;
    }
}
