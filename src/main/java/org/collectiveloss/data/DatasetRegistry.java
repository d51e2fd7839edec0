package org.collectiveloss.data;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The registry of benchmark data sets, read once from HOCON into typed {@link DatasetSpec}s.
 *
 * <p>The registry is the object {@code datasets} of a configuration: one entry per set, keyed by its name, with
 * the keys {@code format}, {@code paths}, and optionally {@code description}, {@code fallback-paths},
 * {@code test-paths}, {@code class-column}, {@code debian-package}, {@code licence}, {@code skip-bad-rows} and
 * {@code options}. The project's registry is {@code conf/datasets.conf}. Any entry or any key of it can be given
 * or overridden by the caller's configuration (an experiment config, {@code -D} system properties), e.g.
 * {@code datasets.fashion-mnist.paths = [...]}; the directories the shipped entries build on
 * ({@code dataset-dirs.*}) can be moved the same way or through environment variables, see the file itself.
 *
 * <pre>{@code
 * DatasetRegistry registry = DatasetRegistry.load(experimentConfig, DatasetRegistry.defaultFile());
 * LabelledData iris = DatasetLoaders.load(spark, registry.spec("iris"));
 * }</pre>
 *
 * <p>Unknown keys in an entry are rejected, so that a misspelt key does not silently fall back to a default.
 */
public final class DatasetRegistry {

    /** The configuration object that holds the entries. */
    public static final String ROOT = "datasets";
    /** System property naming the registry file; overrides the default location. */
    public static final String FILE_PROPERTY = "collectiveloss.datasets";
    /** Environment variable naming the registry file, used when the system property is absent. */
    public static final String FILE_ENV = "CL_DATASETS_CONF";

    private static final Set<String> KEYS = Set.of("description", "format", "paths", "fallback-paths",
        "test-paths", "class-column", "debian-package", "licence", "skip-bad-rows", "options");

    private final SortedMap<String, DatasetSpec> specs;

    private DatasetRegistry(SortedMap<String, DatasetSpec> specs) {
        this.specs = Collections.unmodifiableSortedMap(specs);
    }

    /**
     * Reads the entries under {@value #ROOT} of an already resolved configuration.
     *
     * @throws IllegalArgumentException naming the key for a missing or malformed entry
     */
    public static DatasetRegistry load(Config config) {
        if (!config.hasPath(ROOT)) {
            throw new IllegalArgumentException("The configuration has no '" + ROOT + "' object; include the "
                + "registry (conf/datasets.conf) or load it with DatasetRegistry.load(Config, Path).");
        }
        ConfigObject root = config.getObject(ROOT);
        SortedMap<String, DatasetSpec> specs = new TreeMap<>();
        for (Map.Entry<String, ConfigValue> e : root.entrySet()) {
            String where = ROOT + "." + e.getKey();
            if (e.getValue().valueType() != ConfigValueType.OBJECT) {
                throw new IllegalArgumentException(where + " must be an object with format and paths, found "
                    + e.getValue().valueType() + ".");
            }
            specs.put(e.getKey(), parse(e.getKey(), ((ConfigObject) e.getValue()).toConfig()));
        }
        return new DatasetRegistry(specs);
    }

    /**
     * Reads the registry file with {@code overrides} (e.g. an experiment configuration) and system properties
     * layered on top, resolving substitutions after the merge so that overridden directories take effect.
     *
     * @param overrides    configuration whose {@code datasets.*} and {@code dataset-dirs.*} keys win
     * @param registryFile the HOCON registry, usually {@link #defaultFile()}
     */
    public static DatasetRegistry load(Config overrides, Path registryFile) {
        return load(mergedConfig(overrides, registryFile));
    }

    /**
     * The registry file with {@code overrides} and system properties on top, resolved: what
     * {@link #load(Config, Path)} reads, returned whole for callers that read other blocks of the same merge.
     */
    public static Config mergedConfig(Config overrides, Path registryFile) {
        if (!Files.isRegularFile(registryFile)) {
            throw new IllegalArgumentException("Data set registry " + registryFile.toAbsolutePath() + " does not "
                + "exist; run from the project root, or name the file with -D" + FILE_PROPERTY + "=FILE or the "
                + "environment variable " + FILE_ENV + ".");
        }
        Config file = ConfigFactory.parseFile(registryFile.toFile(),
            ConfigParseOptions.defaults().setAllowMissing(false));
        Config merged = ConfigFactory.systemProperties().withFallback(overrides).withFallback(file);
        try {
            return merged.resolve();
        } catch (ConfigException e) {
            throw new IllegalArgumentException("Data set registry " + registryFile + ": " + e.getMessage(), e);
        }
    }

    /**
     * The registry file to use: the system property {@value #FILE_PROPERTY}, else the environment variable
     * {@value #FILE_ENV}, else {@code conf/datasets.conf} below the working directory.
     */
    public static Path defaultFile() {
        String property = System.getProperty(FILE_PROPERTY);
        if (property != null && !property.isBlank()) {
            return Path.of(property);
        }
        String env = System.getenv(FILE_ENV);
        if (env != null && !env.isBlank()) {
            return Path.of(env);
        }
        return Path.of("conf", "datasets.conf");
    }

    /** The registered names, sorted. */
    public List<String> names() {
        return List.copyOf(specs.keySet());
    }

    /**
     * The entry called {@code name}.
     *
     * @throws IllegalArgumentException listing the known names when there is no such entry
     */
    public DatasetSpec spec(String name) {
        DatasetSpec spec = specs.get(name);
        if (spec == null) {
            throw new IllegalArgumentException("Unknown data set '" + name + "'; the registry knows "
                + String.join(", ", specs.keySet()) + ". Add an entry under '" + ROOT + "' to use another.");
        }
        return spec;
    }

    /** All entries, sorted by name. */
    public List<DatasetSpec> specs() {
        return List.copyOf(specs.values());
    }

    private static DatasetSpec parse(String name, Config entry) {
        String where = ROOT + "." + name;
        for (String key : entry.root().keySet()) {
            if (!KEYS.contains(key)) {
                throw new IllegalArgumentException(where + "." + key + " is not a registry key; known keys: "
                    + String.join(", ", new TreeSet<>(KEYS)) + ".");
            }
        }
        try {
            DataFormat format = DataFormat.parse(require(entry, where, "format").getString("format"),
                where + ".format");
            List<String> paths = require(entry, where, "paths").getStringList("paths");
            return new DatasetSpec(name,
                entry.hasPath("description") ? entry.getString("description") : "",
                format,
                paths,
                entry.hasPath("fallback-paths") ? entry.getStringList("fallback-paths") : List.of(),
                entry.hasPath("test-paths") ? entry.getStringList("test-paths") : List.of(),
                optional(entry, "class-column"),
                optional(entry, "debian-package"),
                entry.hasPath("licence") ? entry.getString("licence") : "unknown",
                entry.hasPath("skip-bad-rows") && entry.getBoolean("skip-bad-rows"),
                entry.hasPath("options") ? entry.getConfig("options") : ConfigFactory.empty());
        } catch (ConfigException.WrongType e) {
            throw new IllegalArgumentException(where + ": " + e.getMessage(), e);
        }
    }

    private static Config require(Config entry, String where, String key) {
        if (!entry.hasPath(key)) {
            throw new IllegalArgumentException(where + "." + key + " is missing; every registry entry needs "
                + "format and paths.");
        }
        return entry;
    }

    private static Optional<String> optional(Config entry, String key) {
        return entry.hasPath(key) ? Optional.of(entry.getString(key)) : Optional.empty();
    }
}
