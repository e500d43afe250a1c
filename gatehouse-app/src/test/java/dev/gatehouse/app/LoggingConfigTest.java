package dev.gatehouse.app;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The shipped {@code logback.xml}: JSON lines with the request id by default, a readable pattern on request. */
class LoggingConfigTest {

    private static String logThroughShippedConfig(String format) throws Exception {
        URL shipped = LoggingConfigTest.class.getClassLoader().getResource("logback.xml");
        assertThat(shipped).isNotNull();
        PrintStream original = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            LoggerContext context = new LoggerContext();
            context.setMDCAdapter(MDC.getMDCAdapter()); // what logback's SLF4J provider does for its own context
            if (format != null) {
                context.putProperty(Logging.FORMAT_VARIABLE, format);
            }
            JoranConfigurator configurator = new JoranConfigurator();
            configurator.setContext(context);
            configurator.doConfigure(shipped);
            MDC.put("request_id", "req-42");
            try {
                context.getLogger("gatehouse.access").info("request done in {} ms", 7);
                context.getLogger("io.helidon.webserver").info("helidon chatter");
            } finally {
                MDC.remove("request_id");
            }
            context.stop(); // drains the async queue
        } finally {
            System.setOut(original);
        }
        return captured.toString(StandardCharsets.UTF_8);
    }

    @Test
    void jsonLinesWithTheRequestIdByDefault() throws Exception {
        String out = logThroughShippedConfig(null);
        assertThat(out.lines()).singleElement().satisfies(line -> assertThat(line)
                .startsWith("{").endsWith("}")
                .contains("\"level\":\"INFO\"")
                .contains("\"loggerName\":\"gatehouse.access\"")
                .contains("\"request_id\":\"req-42\"")
                .contains("\"formattedMessage\":\"request done in 7 ms\""));
    }

    @Test
    void textOnRequest() throws Exception {
        String out = logThroughShippedConfig("text");
        assertThat(out.lines()).singleElement().satisfies(line -> assertThat(line)
                .contains(" INFO ").contains("gatehouse.access request_id=req-42 - request done in 7 ms"));
    }

    @Test
    void anUnknownFormatIsRefusedBeforeAnythingRuns() {
        assertThat(Logging.checkFormat(Map.of())).isNull();
        assertThat(Logging.checkFormat(Map.of("GATEHOUSE_LOG_FORMAT", "text"))).isNull();
        TestConsole console = new TestConsole();
        int code = Main.run(new String[] {"version"}, console.context(Map.of("GATEHOUSE_LOG_FORMAT", "xml"),
                java.nio.file.Path.of("")));
        assertThat(code).isEqualTo(2);
        assertThat(console.err()).isEqualTo("environment variable GATEHOUSE_LOG_FORMAT: expected json or text, got "
                + "\"xml\"\n");
    }
}
