package org.collectiveloss.cli;

import com.typesafe.config.ConfigFactory;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.SparkSession;
import org.collectiveloss.data.DataFormatException;
import org.collectiveloss.data.DatasetLoaders;
import org.collectiveloss.data.DatasetRegistry;
import org.collectiveloss.data.DatasetSpec;
import org.collectiveloss.data.LabelledData;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code datasets}: lists the registered data sets. The plain listing shows each entry's format, whether its
 * files are on this machine, its package and licence, without reading any data. With {@code --csv} every
 * available set is loaded (which also checks its files) and one line per set is printed under the header
 * {@code name,available,rows,features,classes}; rows count the training and the fixed test part together,
 * features are the length of the feature vector after one-hot encoding. A set that is not available has empty
 * counts; a set whose files fail to load is reported on standard error, and the command then exits with 1. An
 * unknown name or a malformed registry is reported on standard error with exit status 2.
 *
 * <p>Loading everything takes some seconds, most of it Fashion-MNIST; name the sets to check only those.
 */
@Command(name = "datasets", mixinStandardHelpOptions = true,
    description = "Lists the registered data sets; --csv loads the available ones and prints their sizes.")
public final class DatasetsCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Option(names = "--csv", description = "Load each available set and print name,available,rows,features,"
        + "classes.")
    private boolean csv;

    @Option(names = "--registry", paramLabel = "FILE", description = "Registry file (default: -D"
        + DatasetRegistry.FILE_PROPERTY + ", $" + DatasetRegistry.FILE_ENV + " or conf/datasets.conf).")
    private Path registryFile;

    @Parameters(paramLabel = "NAME", arity = "0..*", description = "Sets to list (default: all).")
    private List<String> names = new ArrayList<>();

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        List<DatasetSpec> specs = new ArrayList<>();
        try {
            DatasetRegistry registry = DatasetRegistry.load(ConfigFactory.empty(),
                registryFile != null ? registryFile : DatasetRegistry.defaultFile());
            for (String name : names.isEmpty() ? registry.names() : names) {
                specs.add(registry.spec(name));
            }
        } catch (IllegalArgumentException e) {
            err.println(e.getMessage());
            err.flush();
            return 2;
        }
        return csv ? printCsv(specs, out, err) : printTable(specs, out);
    }

    private static int printTable(List<DatasetSpec> specs, PrintWriter out) {
        Configuration conf = new Configuration();
        String format = "%-15s %-8s %-10s %-22s %s%n";
        out.printf(format, "NAME", "FORMAT", "AVAILABLE", "PACKAGE", "DESCRIPTION / LICENCE");
        for (DatasetSpec s : specs) {
            out.printf(format, s.name(), s.format().name().toLowerCase(Locale.ROOT),
                DatasetLoaders.available(s, conf) ? "yes" : "no", s.debianPackage().orElse("-"),
                s.description() + (s.hasFixedTest() ? " [fixed test part]" : ""));
            out.printf(format, "", "", "", "", "licence: " + s.licence());
        }
        out.flush();
        return 0;
    }

    private static int printCsv(List<DatasetSpec> specs, PrintWriter out, PrintWriter err) {
        SparkSession spark = SparkSessions.getOrCreate("collective-loss datasets");
        Configuration conf = spark.sparkContext().hadoopConfiguration();
        int status = 0;
        out.println("name,available,rows,features,classes");
        for (DatasetSpec s : specs) {
            if (!DatasetLoaders.available(s, conf)) {
                out.println(s.name() + ",false,,,");
                continue;
            }
            try {
                LabelledData data = DatasetLoaders.load(spark, s);
                long rows = data.train().count() + data.fixedTest().map(t -> t.count()).orElse(0L);
                out.println(s.name() + ",true," + rows + "," + data.numFeatures() + "," + data.numClasses());
                data.unpersist();
            } catch (DataFormatException | IllegalArgumentException e) {
                err.println(s.name() + ": " + e.getMessage());
                out.println(s.name() + ",true,,,");
                status = 1;
            }
            out.flush();
        }
        err.flush();
        return status;
    }
}
