package dev.gatehouse.sdktests;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code gatehouse serve} in its own JVM, as a user starts it: a config file naming secrets by reference, the keys in
 * the environment, a random port announced on stdout.
 */
final class RunningGateway implements AutoCloseable {
    static final String PROVIDER_KEY = "sk-e2e-provider-" + random(12);
    private static final Pattern LISTENING = Pattern.compile("Gatehouse listening on (http://\\S+)");

    private final Process process;
    private final String baseUrl;
    private final String masterKey;
    private final List<String> output;

    private RunningGateway(Process process, String baseUrl, String masterKey, List<String> output) {
        this.process = process;
        this.baseUrl = baseUrl;
        this.masterKey = masterKey;
        this.output = output;
    }

    static RunningGateway start(String upstreamBaseUrl) throws IOException, InterruptedException {
        Path dir = Files.createTempDirectory("gatehouse-e2e");
        Path config = dir.resolve("gatehouse.yaml");
        Files.writeString(config, """
                server:
                  host: 127.0.0.1
                  port: 0
                  data_dir: %s
                general_settings:
                  master_key: os.environ/E2E_MASTER_KEY
                model_list:
                  - model_name: gpt-4o
                    litellm_params:
                      model: openai/gpt-4o-2024-08-06
                      api_base: %s
                      api_key: os.environ/E2E_OPENAI_KEY
                  - model_name: text-embedding-3-small
                    litellm_params:
                      model: openai/text-embedding-3-small
                      api_base: %s
                      api_key: os.environ/E2E_OPENAI_KEY
                  - model_name: mock-gpt
                    litellm_params:
                      model: mock/mock-gpt
                """.formatted(dir.resolve("data"), upstreamBaseUrl, upstreamBaseUrl));
        String masterKey = "gh-e2e-" + random(32);
        String java = ProcessHandle.current().info().command().orElse("java");
        ProcessBuilder builder = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                "dev.gatehouse.app.Main", "serve", "--config", config.toString())
                .redirectErrorStream(true);
        builder.environment().put("E2E_MASTER_KEY", masterKey);
        builder.environment().put("E2E_OPENAI_KEY", PROVIDER_KEY);
        builder.environment().put("GATEHOUSE_LOG_FORMAT", "text");
        Process process = builder.start();

        List<String> output = Collections.synchronizedList(new ArrayList<>());
        BlockingQueue<String> announced = new ArrayBlockingQueue<>(1);
        Thread.ofVirtual().start(() -> {
            try (var reader = new BufferedReader(new InputStreamReader(process.getInputStream(),
                    StandardCharsets.UTF_8))) {
                for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                    output.add(line);
                    Matcher m = LISTENING.matcher(line);
                    if (m.find()) {
                        announced.offer(m.group(1));
                    }
                }
            } catch (IOException e) {
                if (process.isAlive()) {
                    throw new UncheckedIOException(e);
                }
                // the process was stopped while its output was being read: nothing more will come
            }
        });
        String url = announced.poll(60, TimeUnit.SECONDS);
        if (url == null) {
            process.destroyForcibly();
            throw new IllegalStateException("gateway did not start:\n" + String.join("\n", output));
        }
        return new RunningGateway(process, url, masterKey, output);
    }

    String baseUrl() {
        return baseUrl;
    }

    String masterKey() {
        return masterKey;
    }

    /** Everything the process printed so far (stdout and stderr). */
    List<String> output() {
        synchronized (output) {
            return List.copyOf(output);
        }
    }

    private static String random(int bytes) {
        byte[] b = new byte[bytes];
        new SecureRandom().nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
