package dev.gatehouse.app;

import dev.gatehouse.core.auth.MasterKeyFile;
import dev.gatehouse.core.chain.Exchange;
import dev.gatehouse.core.chain.Operation;
import dev.gatehouse.core.chain.Reply;
import dev.gatehouse.core.RequestContext;
import dev.gatehouse.spi.AuthenticationException;
import dev.gatehouse.spi.Secret;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@code serve} start-up as far as the listener, which is faked: the master-key rules. */
class MasterKeyStartupTest {
    private static final Pattern SHOWN_KEY = Pattern.compile("\\|\\s+(gh-master-[A-Za-z0-9_-]+)\\s+\\|");

    private static int serve(TestConsole console, FakeLauncher launcher, Map<String, String> env, Path dir,
                             String... args) {
        String[] all = new String[args.length + 1];
        all[0] = "serve";
        System.arraycopy(args, 0, all, 1, args.length);
        return Main.commandLine(console.context(env, dir), launcher).execute(all);
    }

    @Test
    void weakConfiguredKeysAreRefusedWithExitTwoAndNotEchoed(@TempDir Path dir) throws Exception {
        for (String weak : new String[] {"sk-1234", "changeme", "short-but-random-Xq9", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"}) {
            TestConsole console = new TestConsole();
            FakeLauncher launcher = new FakeLauncher();
            int code = serve(console, launcher, Map.of("GATEHOUSE_MASTER_KEY", weak), dir);
            assertThat(code).as(weak).isEqualTo(2);
            assertThat(console.err()).as(weak)
                    .startsWith("Refusing to start: the master key from environment variable GATEHOUSE_MASTER_KEY "
                            + "is not acceptable. The master key is")
                    .doesNotContain(weak).doesNotContain("Exception").doesNotContain("\tat ");
            assertThat(console.out()).doesNotContain(weak);
            assertThat(launcher.gateway).as("no listener for a weak key").isNull();
        }
        Files.writeString(dir.resolve("gatehouse.yaml"), "general_settings:\n  master_key: file:" + dir.resolve("weak.key")
                + "\n");
        Files.writeString(dir.resolve("weak.key"), "password\n");
        TestConsole console = new TestConsole();
        assertThat(serve(console, new FakeLauncher(), Map.of(), dir, "--data-dir", dir.resolve("d").toString()))
                .isEqualTo(2);
        assertThat(console.err()).contains("the master key from " + dir.resolve("gatehouse.yaml") + ":2 is not "
                + "acceptable").doesNotContain("password");
    }

    @Test
    void anAbsentKeyIsGeneratedStoredOwnerOnlyAndShownOnce(@TempDir Path dir) throws Exception {
        Path data = dir.resolve("data");
        TestConsole first = new TestConsole();
        FakeLauncher launcher = new FakeLauncher();
        assertThat(serve(first, launcher, Map.of(), dir, "--data-dir", data.toString(), "--port", "0")).isZero();

        Path keyFile = data.resolve(MasterKeyFile.FILE_NAME);
        assertThat(keyFile).exists();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(keyFile))).isEqualTo("rw-------");
        String stored = Files.readString(keyFile).strip();
        Matcher shown = SHOWN_KEY.matcher(first.out());
        assertThat(shown.find()).as(first.out()).isTrue();
        assertThat(shown.group(1)).isEqualTo(stored);
        assertThat(first.out()).contains("Your master key (shown once, stored in " + keyFile.toAbsolutePath()
                + " with 0600 permissions):").contains("Gatehouse listening on http://127.0.0.1:40123");
        assertThat(launcher.closed).isTrue();
        assertAcceptsOnly(launcher, stored);

        TestConsole second = new TestConsole();
        FakeLauncher again = new FakeLauncher();
        assertThat(serve(second, again, Map.of(), dir, "--data-dir", data.toString())).isZero();
        assertThat(second.out()).contains("Master key: stored in " + keyFile.toAbsolutePath())
                .doesNotContain(stored);
        assertThat(Files.readString(keyFile).strip()).isEqualTo(stored);
        assertAcceptsOnly(again, stored);
    }

    @Test
    void aConfiguredKeyIsUsedAndNeverPrinted(@TempDir Path dir) {
        String key = "gh-master-Q8xvN2rL5tY7wE1uI3oP9aS4dF6gH0jKz";
        Map<String, String> env = new HashMap<>();
        env.put("GATEHOUSE_MASTER_KEY", key);
        env.put("GATEHOUSE_DATA_DIR", dir.resolve("data").toString());
        TestConsole console = new TestConsole();
        FakeLauncher launcher = new FakeLauncher();
        assertThat(serve(console, launcher, env, dir)).isZero();
        assertThat(console.out() + console.err()).doesNotContain(key);
        assertThat(dir.resolve("data").resolve(MasterKeyFile.FILE_NAME)).doesNotExist();
        assertAcceptsOnly(launcher, key);
    }

    @Test
    void authOffNeedsNoKey(@TempDir Path dir) {
        TestConsole console = new TestConsole();
        FakeLauncher launcher = new FakeLauncher();
        assertThat(serve(console, launcher, Map.of("GATEHOUSE_GENERAL_SETTINGS_AUTH", "false",
                "GATEHOUSE_DATA_DIR", dir.resolve("data").toString()), dir)).isZero();
        assertThat(dir.resolve("data")).doesNotExist();
        Reply reply = launcher.gateway.handle(exchange(null));
        assertThat(reply).isInstanceOf(Reply.Models.class);
    }

    @Test
    void aKeyFileReadableByOthersIsRefused(@TempDir Path dir) throws Exception {
        Path data = Files.createDirectories(dir.resolve("data"));
        Path keyFile = data.resolve(MasterKeyFile.FILE_NAME);
        Files.writeString(keyFile, "gh-master-Q8xvN2rL5tY7wE1uI3oP9aS4dF6gH0jKz\n");
        Files.setPosixFilePermissions(keyFile, PosixFilePermissions.fromString("rw-r--r--"));
        TestConsole console = new TestConsole();
        assertThat(serve(console, new FakeLauncher(), Map.of(), dir, "--data-dir", data.toString())).isEqualTo(2);
        assertThat(console.err()).startsWith("Refusing to start: The master key file").contains("chmod 600")
                .doesNotContain("Q8xvN2rL5tY7");
    }

    private static void assertAcceptsOnly(FakeLauncher launcher, String key) {
        assertThat(launcher.gateway.handle(exchange(key))).isInstanceOf(Reply.Models.class);
        assertThatThrownBy(() -> launcher.gateway.handle(exchange(key + "x")))
                .isInstanceOf(AuthenticationException.class);
        assertThatThrownBy(() -> launcher.gateway.handle(exchange(null)))
                .isInstanceOf(AuthenticationException.class);
    }

    private static Exchange exchange(String key) {
        return new Exchange(RequestContext.of("t", Instant.EPOCH, "127.0.0.1", key == null ? null : Secret.of(key)),
                new Operation.ListModels());
    }
}
