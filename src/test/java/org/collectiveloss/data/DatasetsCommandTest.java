package org.collectiveloss.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.collectiveloss.cli.DatasetsCommand;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class DatasetsCommandTest {

    @TempDir
    static Path tmp;
    private static Path registry;

    @BeforeAll
    static void writeRegistry() throws IOException {
        LocalSpark.session();
        registry = tmp.resolve("datasets.conf");
        Files.writeString(registry, String.join("\n",
            "datasets {",
            "  absent { format = arff, paths = [\"/nonexistent/absent.arff\"], debian-package = weka,",
            "           licence = \"none\" }",
            "  digits { format = csv, paths = [\"/nonexistent/digits.csv.gz\"],",
            "           fallback-paths = [\"classpath:datasets/digits.csv.gz\"], licence = \"CC BY 4.0\",",
            "           options.header = none }",
            "  plants { format = arff, paths = [\"" + LocalSpark.fixture("plants.arff") + "\"],",
            "           description = \"test plants\", licence = \"test\" }",
            "  broken { format = arff, paths = [\"" + LocalSpark.fixture("plants-columns.arff") + "\"],",
            "           licence = \"test\" }",
            "}"));
    }

    private static String[] run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = new CommandLine(new DatasetsCommand());
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        int status = cli.execute(args);
        return new String[] {String.valueOf(status), out.toString(), err.toString()};
    }

    @Test
    void csvListsSizesOfAvailableSetsAndEmptyFieldsForAbsentOnes() {
        String[] r = run("--csv", "--registry", registry.toString(), "absent", "digits", "plants");

        assertEquals("0", r[0], r[2]);
        assertEquals(String.join("\n", "name,available,rows,features,classes", "absent,false,,,",
            "digits,true,1797,64,10", "plants,true,6,7,3", ""), r[1]);
    }

    @Test
    void aSetThatFailsToLoadIsReportedAndFailsTheCommand() {
        String[] r = run("--csv", "--registry", registry.toString(), "broken");

        assertEquals("1", r[0]);
        assertTrue(r[1].contains("broken,true,,,"), r[1]);
        assertTrue(r[2].contains("plants-columns.arff, line 7"), r[2]);
    }

    @Test
    void unknownNameIsOneLineOnStandardError() {
        String[] r = run("--registry", registry.toString(), "mnist");

        assertEquals("2", r[0]);
        assertTrue(r[2].startsWith("Unknown data set 'mnist'") && r[2].contains("absent, broken, digits, plants"),
            r[2]);
    }

    @Test
    void plainListingReadsNoData() {
        String[] r = run("--registry", registry.toString());

        assertEquals("0", r[0], r[2]);
        assertTrue(r[1].lines().anyMatch(l -> l.startsWith("absent") && l.contains(" no ")), r[1]);
        assertTrue(r[1].lines().anyMatch(l -> l.startsWith("plants") && l.contains(" yes ")
            && l.contains("test plants")), r[1]);
        assertTrue(r[1].contains("licence: CC BY 4.0"), r[1]);
    }
}
