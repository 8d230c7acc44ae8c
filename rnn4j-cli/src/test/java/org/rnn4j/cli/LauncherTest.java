package org.rnn4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/** The {@code rnn4j} launcher script: the Java it runs, the options it gives, the jar beside it. */
@DisabledOnOs(OS.WINDOWS) // a POSIX shell script
class LauncherTest {
    private static final Path LAUNCHER = Path.of("src", "main", "launcher", "rnn4j");

    @TempDir
    Path dir;

    /** Runs the launcher with a stand-in {@code $JAVA_HOME/bin/java} that prints the arguments it was given. */
    private String javaArguments(String javaOpts) throws IOException, InterruptedException {
        Path bin = Files.createDirectories(dir.resolve("jdk/bin"));
        Path java = bin.resolve("java");
        Files.writeString(java, "#!/bin/sh\necho \"$@\"\n");
        Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path launcher = dir.resolve("rnn4j");
        Files.copy(LAUNCHER, launcher, StandardCopyOption.REPLACE_EXISTING);
        ProcessBuilder pb = new ProcessBuilder("sh", launcher.toString(), "train-lm", "--help");
        pb.environment().put("JAVA_HOME", dir.resolve("jdk").toString());
        if (javaOpts == null) {
            pb.environment().remove("RNN4J_JAVA_OPTS");
        } else {
            pb.environment().put("RNN4J_JAVA_OPTS", javaOpts);
        }
        Process p = pb.redirectErrorStream(true).start();
        assertThat(p.waitFor(10, TimeUnit.SECONDS)).isTrue();
        return new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
    }

    @Test
    void givesJavaTwoGigabytesUnlessTheUserSaysHowMuch() throws Exception {
        String jar = dir.toRealPath().resolve("rnn4j.jar").toString();
        assertThat(javaArguments(null)).isEqualTo("-Xmx2g -jar " + jar + " train-lm --help");
        assertThat(javaArguments("-Xmx8g -Drnn4j.backend=java"))
                .isEqualTo("-Xmx8g -Drnn4j.backend=java -jar " + jar + " train-lm --help");
        assertThat(javaArguments("-Drnn4j.backend=java"))
                .isEqualTo("-Xmx2g -Drnn4j.backend=java -jar " + jar + " train-lm --help");
    }
}
