package org.collectiveloss.cli;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import java.io.File;
import java.nio.file.Path;
import java.util.List;

/**
 * Reads an experiment's configuration, the one place where files of {@code conf/} are read: the experiment file
 * over the defaults of {@code reference.conf}, with command-line overrides on top (a later override wins).
 */
public final class ConfigLoading {

    private ConfigLoading() {
    }

    /**
     * Reads {@code dir/name.conf}.
     *
     * @param overrides {@code KEY=VALUE} strings in HOCON syntax; keys without the {@code experiment.} prefix get it
     * @throws IllegalArgumentException if the file does not exist (naming the configs that do), does not parse, or
     *                                  an override is not {@code KEY=VALUE}
     */
    public static Config experiment(Path dir, String name, List<String> overrides) {
        File file = dir.resolve(name + ".conf").toFile();
        if (!file.isFile()) {
            String[] known = dir.toFile().list((d, n) -> n.endsWith(".conf"));
            throw new IllegalArgumentException("No experiment config " + file + "; the configs in " + dir + " are "
                + (known == null ? "none (the folder does not exist)" : List.of(known)) + ".");
        }
        try {
            Config config = ConfigFactory.parseFile(file);
            for (String o : overrides) {
                int eq = o.indexOf('=');
                if (eq < 1) {
                    throw new IllegalArgumentException("--set '" + o + "' is not KEY=VALUE; e.g. --set seeds=[1,2].");
                }
                String key = o.substring(0, eq).trim();
                if (!key.startsWith("experiment.")) {
                    key = "experiment." + key;
                }
                config = ConfigFactory.parseString(key + "=" + o.substring(eq + 1)).withFallback(config);
            }
            return config.withFallback(ConfigFactory.defaultReference()).resolve();
        } catch (ConfigException e) {
            throw new IllegalArgumentException("Cannot read the experiment config " + file + ": " + e.getMessage(), e);
        }
    }
}
